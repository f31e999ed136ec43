package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusCategory;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class WorkItemRepository {

    private static final String UPSERT = """
            insert into work_item (id, kind, source_system, source_entity, native_id, source_key, title, status,
                                   status_category, severity, flow_type, team, parent_id, sprint_id, created_at,
                                   updated_at, resolved_at, source_updated_at, source_version, payload)
            values (:id, :kind, :sourceSystem, :sourceEntity, :nativeId, :sourceKey, :title, :status,
                    :statusCategory, :severity, :flowType, :team, :parentId, :sprintId, :createdAt,
                    :updatedAt, :resolvedAt, :sourceUpdatedAt, :sourceVersion, cast(:payload as jsonb))
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
            returning (xmax = 0)
            """.formatted(GuardedUpsert.guard("work_item"));

    private static final String TABLE = "work_item";

    private final JdbcClient jdbc;

    public WorkItemRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Stores the item unless the stored one is newer by source time and version. */
    public UpsertOutcome upsert(WorkItem item) {
        String payload = JsonPayload.write(item);
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
        UpsertOutcome outcome = GuardedUpsert.run(jdbc, UPSERT, params, "work_item", item.id(), payload);
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known != null) {
            if (outcome.isApplied()) {
                known.put(item.id(), Optional.of(payload));
            } else {
                known.remove(item.id());
            }
        }
        return outcome;
    }

    /**
     * Reads these items ahead, for {@link #findById} during the store batch bound to this thread ({@link StoreBatch});
     * does nothing without one.
     */
    public void prefetch(Collection<String> ids) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known == null || ids.isEmpty()) {
            return;
        }
        for (String id : ids) {
            known.put(id, Optional.empty());
        }
        jdbc.sql("select id, payload from work_item where id = any(:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query((rs, row) -> Map.entry(rs.getString("id"), rs.getString("payload"))).list()
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
            return ((Optional<String>) payload).map(WorkItemRepository::read);
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
