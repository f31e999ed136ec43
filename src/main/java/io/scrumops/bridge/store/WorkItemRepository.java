package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusCategory;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Repository;

@Repository
public class WorkItemRepository {

    private static final String COLUMNS = """
            id, kind, source_system, source_entity, native_id, source_key, title, status, status_category, severity,
            flow_type, team, parent_id, sprint_id, created_at, updated_at, resolved_at, source_updated_at,
            source_version, payload""";

    private static final String ON_CONFLICT = """
            on conflict (id) do update set
                kind = excluded.kind, source_system = excluded.source_system,
                source_entity = excluded.source_entity, native_id = excluded.native_id,
                source_key = excluded.source_key, title = excluded.title, status = excluded.status,
                status_category = excluded.status_category, severity = excluded.severity,
                flow_type = excluded.flow_type, team = excluded.team, parent_id = excluded.parent_id,
                sprint_id = excluded.sprint_id, created_at = excluded.created_at, updated_at = excluded.updated_at,
                resolved_at = excluded.resolved_at, source_updated_at = excluded.source_updated_at,
                source_version = excluded.source_version, payload = excluded.payload, stored_at = now()
            where %s
            """.formatted(GuardedUpsert.guard("work_item"));

    private static final String UPSERT = """
            insert into work_item (%s)
            values (:id, :kind, :sourceSystem, :sourceEntity, :nativeId, :sourceKey, :title, :status,
                    :statusCategory, :severity, :flowType, :team, :parentId, :sprintId, :createdAt,
                    :updatedAt, :resolvedAt, :sourceUpdatedAt, :sourceVersion, cast(:payload as jsonb))
            %s
            returning (xmax = 0)
            """.formatted(COLUMNS, ON_CONFLICT);

    /** The same upsert for many items at once, each at most once; the values travel as arrays (planned once). */
    private static final String UPSERT_ALL = """
            insert into work_item (%s)
            select * from unnest(cast(:id as text[]), cast(:kind as text[]), cast(:sourceSystem as text[]),
                                 cast(:sourceEntity as text[]), cast(:nativeId as text[]), cast(:sourceKey as text[]),
                                 cast(:title as text[]), cast(:status as text[]), cast(:statusCategory as text[]),
                                 cast(:severity as text[]), cast(:flowType as text[]), cast(:team as text[]),
                                 cast(:parentId as text[]), cast(:sprintId as text[]),
                                 cast(:createdAt as timestamptz[]), cast(:updatedAt as timestamptz[]),
                                 cast(:resolvedAt as timestamptz[]), cast(:sourceUpdatedAt as timestamptz[]),
                                 cast(:sourceVersion as int8[]), cast(cast(:payload as text[]) as jsonb[]))
            %s
            returning id, (xmax = 0) as inserted
            """.formatted(COLUMNS, ON_CONFLICT);

    private static final String TABLE = "work_item";
    /** The batch's upserts held back, by item id (see {@link #upsert}). */
    static final String HELD = "work_item.held";
    private static final String[] PARAMS = {"id", "kind", "sourceSystem", "sourceEntity", "nativeId", "sourceKey",
        "title", "status", "statusCategory", "severity", "flowType", "team", "parentId", "sprintId", "createdAt",
        "updatedAt", "resolvedAt", "sourceUpdatedAt", "sourceVersion", "payload"};

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    public WorkItemRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** What the store batch knows of a stored item: its payload and what the version guard compares. */
    record Stored(String payload, Instant sourceUpdatedAt, Long sourceVersion) {
    }

    /**
     * An upsert held back: its values, and what the statement must answer for the outcome already given (null: that
     * it writes nothing, the item being stored already or newer).
     */
    private record Held(Map<String, Object> params, UpsertOutcome expected) {
    }

    /**
     * Stores the item unless the stored one is newer by source time and version.
     *
     * <p>In a store batch ({@link StoreBatch}) that read the item ahead, the outcome is decided from what the batch
     * knows of the stored item, with the guard's own rules, and the write is held back: the batch's held upserts go
     * in one statement, before anything else runs on its connection (any query, any other write) or when the batch
     * ends. That statement still carries the guard, and must answer exactly the outcomes already given: an item
     * another writer stored meanwhile fails the batch ({@link ConcurrentlyStoredException}), which is then stored
     * record by record, each upsert at once. An item not read ahead is upserted at once.
     */
    public UpsertOutcome upsert(WorkItem item) {
        String payload = JsonPayload.write(item);
        Map<String, Object> params = params(item, payload);
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known != null) {
            UpsertOutcome held = holdBack(item, payload, params, known);
            if (held != null) {
                return held;
            }
        }
        UpsertOutcome outcome = GuardedUpsert.run(jdbc, UPSERT, params, "work_item", item.id(), payload);
        if (known != null) {
            if (outcome.isApplied()) {
                known.put(item.id(), Optional.of(stored(item, payload)));
            } else {
                known.remove(item.id());
            }
        }
        return outcome;
    }

    @SuppressWarnings("unchecked")
    private UpsertOutcome holdBack(WorkItem item, String payload, Map<String, Object> params,
                                   Map<Object, Object> known) {
        Optional<Stored> entry = (Optional<Stored>) known.get(item.id());
        if (entry == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        Map<Object, Object> held = StoreBatch.readAhead(HELD);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        DataSourceUtils.releaseConnection(connection, dataSource);
        if (!StoreBatch.deferUntilNextStatement(HELD, connection, () -> writeHeld(held))) {
            return null;
        }
        UpsertOutcome outcome = outcome(entry.orElse(null), item.source(), payload);
        Held before = (Held) held.get(item.id());
        if (outcome.isApplied()) {
            held.put(item.id(), new Held(params, before == null || before.expected() == null ? outcome
                    : before.expected()));
            known.put(item.id(), Optional.of(stored(item, payload)));
        } else if (before == null) {
            // not written, which the statement checks too: the stored item may have moved since it was read ahead
            held.put(item.id(), new Held(params, null));
        }
        return outcome;
    }

    /**
     * What the guarded upsert does with {@code payload} over {@code stored}; see {@link GuardedUpsert#guard}. The
     * payload holds the item's source time and version, as the stored one holds the stored item's: when either
     * differs, so do the payloads, and they are not compared (reading both as trees was a tenth of a consumer's CPU,
     * spent on the usual case, an update).
     */
    static UpsertOutcome outcome(Stored stored, SourceRef incoming, String payload) {
        if (stored == null) {
            return UpsertOutcome.INSERTED;
        }
        Instant time = incoming == null ? null : micros(incoming.updatedAt());
        long version = incoming == null ? 0 : incoming.version();
        long storedVersion = stored.sourceVersion() == null ? 0 : stored.sourceVersion();
        boolean sameSource = java.util.Objects.equals(time, stored.sourceUpdatedAt()) && version == storedVersion;
        if (sameSource && sameJson(stored.payload(), payload)) {
            return UpsertOutcome.UNCHANGED;
        }
        boolean newer = time != null && (stored.sourceUpdatedAt() == null || time.isAfter(stored.sourceUpdatedAt()))
                || java.util.Objects.equals(time, stored.sourceUpdatedAt()) && version >= storedVersion;
        return newer ? UpsertOutcome.UPDATED : UpsertOutcome.STALE;
    }

    /** jsonb's equality, near enough: the same text, or the same tree (jsonb orders keys and drops spaces). */
    private static boolean sameJson(String stored, String incoming) {
        return stored.equals(incoming) || JsonPayload.tree(stored).equals(JsonPayload.tree(incoming));
    }

    private void writeHeld(Map<Object, Object> held) {
        if (held.isEmpty()) {
            return;
        }
        // in id order, as every batch does, so that two batches lock shared items in the same order
        List<Held> rows = held.entrySet().stream().sorted(Comparator.comparing(e -> (String) e.getKey()))
                .map(e -> (Held) e.getValue()).toList();
        held.clear();
        int n = rows.size();
        Map<String, Object[]> arrays = new HashMap<>();
        for (String name : PARAMS) {
            arrays.put(name, name.equals("sourceVersion") ? new Long[n] : new String[n]);
        }
        for (int i = 0; i < n; i++) {
            Map<String, Object> params = rows.get(i).params();
            for (String name : PARAMS) {
                Object value = params.get(name);
                arrays.get(name)[i] = value instanceof OffsetDateTime time ? time.toInstant().toString() : value;
            }
        }
        Map<String, Boolean> inserted = new HashMap<>();
        JdbcClient.StatementSpec statement = jdbc.sql(UPSERT_ALL);
        for (String name : PARAMS) {
            statement = statement.param(name, arrays.get(name));
        }
        statement.query((rs, row) -> inserted.put(rs.getString("id"), rs.getBoolean("inserted"))).list();
        for (Held row : rows) {
            String id = (String) row.params().get("id");
            Boolean wasInserted = inserted.get(id);
            UpsertOutcome actual = wasInserted == null ? null
                    : wasInserted ? UpsertOutcome.INSERTED : UpsertOutcome.UPDATED;
            if (actual != row.expected()) {
                throw new ConcurrentlyStoredException("work item " + id + " was stored by another writer while its"
                        + " batch was being stored: " + (row.expected() == null ? "no write" : row.expected())
                        + " expected, " + (actual == null ? "no write" : actual) + " found");
            }
        }
    }

    private static Stored stored(WorkItem item, String payload) {
        SourceRef source = item.source();
        return new Stored(payload, source == null ? null : micros(source.updatedAt()),
                source == null ? null : source.version());
    }

    /** The instant as timestamptz keeps it: to the nearest microsecond. */
    private static Instant micros(Instant instant) {
        return instant == null ? null
                : Instant.ofEpochSecond(instant.getEpochSecond(), (instant.getNano() + 500L) / 1000 * 1000);
    }

    private static Map<String, Object> params(WorkItem item, String payload) {
        SourceRef source = item.source();
        Map<String, Object> params = new HashMap<>();
        params.put("id", item.id());
        params.put("kind", item.kind().name());
        params.put("sourceSystem", source == null ? null : source.system().name());
        params.put("sourceEntity", source == null ? null : source.entity());
        params.put("nativeId", source == null ? null : source.nativeId());
        params.put("sourceKey", source == null ? null : source.key());
        params.put("title", item.title());
        params.put("status", item.status() == null ? null : item.status().name());
        params.put("statusCategory", item.status() == null ? null : item.status().category().name());
        params.put("severity", item.severity() == null ? null : item.severity().name());
        params.put("flowType", item.flowType() == null ? null : item.flowType().name());
        params.put("team", item.team());
        params.put("parentId", item.parentId());
        params.put("sprintId", item.sprintId());
        params.put("createdAt", SqlTime.toSql(item.createdAt()));
        params.put("updatedAt", SqlTime.toSql(item.updatedAt()));
        params.put("resolvedAt", SqlTime.toSql(item.resolvedAt()));
        params.put("sourceUpdatedAt", source == null ? null : SqlTime.toSql(source.updatedAt()));
        params.put("sourceVersion", source == null ? null : source.version());
        params.put("payload", payload);
        return params;
    }

    /**
     * Reads these items ahead, for {@link #findById} and {@link #upsert} during the store batch bound to this thread
     * ({@link StoreBatch}); does nothing without one.
     */
    public void prefetch(Collection<String> ids) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known == null || ids.isEmpty()) {
            return;
        }
        for (String id : ids) {
            known.put(id, Optional.empty());
        }
        jdbc.sql("select id, payload, source_updated_at, source_version from work_item where id = any(:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query((rs, row) -> Map.entry(rs.getString("id"), new Stored(rs.getString("payload"),
                        SqlTime.instant(rs, "source_updated_at"), (Long) rs.getObject("source_version", Long.class))))
                .list()
                .forEach(row -> known.put(row.getKey(), Optional.of(row.getValue())));
    }

    /** Whether the item is stored; answered from the store batch's read-ahead, without reading the item, when it can. */
    public boolean exists(String id) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        Object payload = known == null ? null : known.get(id);
        if (payload != null) {
            return ((Optional<?>) payload).isPresent();
        }
        return Boolean.TRUE.equals(jdbc.sql("select exists (select 1 from work_item where id = :id)").param("id", id)
                .query(Boolean.class).single());
    }

    @SuppressWarnings("unchecked")
    public Optional<WorkItem> findById(String id) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        Object payload = known == null ? null : known.get(id);
        if (payload != null) {
            return ((Optional<Stored>) payload).map(stored -> read(stored.payload()));
        }
        return jdbc.sql("select payload from work_item where id = :id").param("id", id)
                .query(String.class).optional().map(WorkItemRepository::read);
    }

    public Optional<WorkItem> findBySourceKey(SourceSystem system, String key) {
        return jdbc.sql("select payload from work_item where source_system = :system and source_key = :key")
                .param("system", system.name())
                .param("key", key)
                .query(String.class).optional().map(WorkItemRepository::read);
    }

    /** Items whose source key starts with the prefix, e.g. every issue of a Jira project ("OPS-"). */
    public List<WorkItem> findBySourceKeyPrefix(SourceSystem system, String prefix) {
        return jdbc.sql("select payload from work_item where source_system = :system and source_key like :prefix")
                .param("system", system.name())
                .param("prefix", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .query(String.class).list().stream().map(WorkItemRepository::read).toList();
    }

    /** A stored item's source id and key, without the rest of it. */
    public record SourceIds(String nativeId, String key) {
    }

    /**
     * The source ids of the items whose source key starts with the prefix and that do not carry {@code label}: what a
     * project backfill compares with what it read, without loading every item of a large project into memory.
     */
    public List<SourceIds> findSourceIdsByKeyPrefixWithout(SourceSystem system, String prefix, String label) {
        return jdbc.sql("""
                        select native_id, source_key from work_item
                        where source_system = :system and source_key like :prefix
                          and not coalesce((payload -> 'labels') @> jsonb_build_array(cast(:label as text)), false)""")
                .param("system", system.name())
                .param("prefix", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .param("label", label)
                .query((rs, row) -> new SourceIds(rs.getString("native_id"), rs.getString("source_key"))).list();
    }

    public List<WorkItem> findByKind(WorkItemKind kind) {
        return list("select payload from work_item where kind = :value order by id", kind.name());
    }

    public List<WorkItem> findBySprint(String sprintId) {
        return list("select payload from work_item where sprint_id = :value order by id", sprintId);
    }

    public List<WorkItem> findByTeam(String team) {
        return list("select payload from work_item where team = :value order by id", team);
    }

    public List<WorkItem> findByParent(String parentId) {
        return list("select payload from work_item where parent_id = :value order by id", parentId);
    }

    /** Items of a sprint that are not done; what a sprint rollover moves on. */
    public List<WorkItem> findUnfinishedInSprint(String sprintId) {
        return jdbc.sql("""
                        select payload from work_item
                        where sprint_id = :sprintId and status_category is distinct from :done order by id""")
                .param("sprintId", sprintId)
                .param("done", StatusCategory.DONE.name())
                .query(String.class).list().stream().map(WorkItemRepository::read).toList();
    }

    private List<WorkItem> list(String sql, String value) {
        return jdbc.sql(sql).param("value", value).query(String.class).list().stream()
                .map(WorkItemRepository::read).toList();
    }

    private static WorkItem read(String payload) {
        return JsonPayload.read(payload, WorkItem.class);
    }
}
