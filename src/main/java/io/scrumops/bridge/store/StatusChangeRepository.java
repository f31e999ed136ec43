package io.scrumops.bridge.store;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Status history of work items, the raw material of cycle time, flow time and flow efficiency. */
@Repository
public class StatusChangeRepository {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public StatusChangeRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    private static final String INSERT = """
            insert into status_change (work_item_id, from_status, to_status, source_from, source_to,
                                       changed_at, author, payload)
            values (:workItemId, :fromStatus, :toStatus, :sourceFrom, :sourceTo, :changedAt, :author,
                    cast(:payload as jsonb))
            on conflict do nothing""";

    private static final String TABLE = "status_change";
    private static final String LATEST = "status_change.latest";

    /**
     * Returns false when the same transition of the item at the same instant is already recorded. Written at once,
     * after what the store batch bound to this thread holds ({@link #recordAll}), so that ids keep the order of calls.
     */
    public boolean record(StatusChange change) {
        StoreBatch.flush(TABLE);
        forgetLatest(change.workItemId());
        return jdbc.sql(INSERT).params(params(change)).update() == 1;
    }

    /**
     * Records a whole history in one batch (one round trip; a multi-row insert with the driver's rewriting), each
     * transition unless the same one at the same instant is already recorded. A Jira issue read back brings its
     * whole changelog, often dozens of transitions.
     */
    public void recordAll(List<StatusChange> changes) {
        if (StoreBatch.current() != null) {
            // held for the store batch bound to this thread: one statement for the whole poll batch
            for (StatusChange change : changes) {
                Objects.requireNonNull(change.workItemId(), "workItemId");
                Objects.requireNonNull(change.at(), "at");
                forgetLatest(change.workItemId());
                StoreBatch.hold(TABLE, change, this::write);
            }
            return;
        }
        write(changes);
    }

    private void write(List<StatusChange> changes) {
        if (changes.size() == 1) {
            jdbc.sql(INSERT).params(params(changes.get(0))).update();
            return;
        }
        if (changes.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] batch = changes.stream().map(change -> new MapSqlParameterSource(params(change)))
                .toArray(MapSqlParameterSource[]::new);
        named.batchUpdate(INSERT, batch);
    }

    private static Map<String, Object> params(StatusChange change) {
        Objects.requireNonNull(change.workItemId(), "workItemId");
        Objects.requireNonNull(change.at(), "at");
        Map<String, Object> params = new HashMap<>();
        params.put("workItemId", change.workItemId());
        params.put("fromStatus", change.from() == null ? null : change.from().name());
        params.put("toStatus", change.to() == null ? null : change.to().name());
        params.put("sourceFrom", change.sourceFrom());
        params.put("sourceTo", change.sourceTo());
        params.put("changedAt", SqlTime.toSql(change.at()));
        params.put("author", change.author());
        params.put("payload", JsonPayload.write(change));
        return params;
    }

    /**
     * Reads ahead, for {@link #latestStatus} during the store batch bound to this thread, the status the last recorded
     * change of each of these items went to; does nothing without a batch.
     */
    public void prefetchLatest(Collection<String> workItemIds) {
        Map<Object, Object> known = StoreBatch.readAhead(LATEST);
        if (known == null || workItemIds.isEmpty()) {
            return;
        }
        StoreBatch.flush(TABLE);
        for (String id : workItemIds) {
            known.put(id, Latest.NONE);
        }
        jdbc.sql("""
                        select distinct on (work_item_id) work_item_id, to_status from status_change
                        where work_item_id = any(:ids) order by work_item_id, changed_at desc, id desc""")
                .param("ids", workItemIds.toArray(String[]::new))
                .query((rs, row) -> Map.entry(rs.getString("work_item_id"), new Latest(rs.getString("to_status"))))
                .list().forEach(entry -> known.put(entry.getKey(), entry.getValue()));
    }

    /**
     * The status the item's last recorded change (by time, then by order of recording) went to; empty when it has no
     * history. The last element of {@link #findByWorkItem} without reading the whole history.
     */
    public Optional<CanonicalStatus> latestStatus(String workItemId) {
        Map<Object, Object> known = StoreBatch.readAhead(LATEST);
        Latest latest = known == null ? null : (Latest) known.get(workItemId);
        if (latest == null) {
            StoreBatch.flush(TABLE);
            latest = jdbc.sql("""
                            select to_status from status_change where work_item_id = :id
                            order by changed_at desc, id desc limit 1""")
                    .param("id", workItemId)
                    .query((rs, row) -> new Latest(rs.getString("to_status"))).optional().orElse(Latest.NONE);
        }
        return latest == Latest.NONE || latest.status() == null ? Optional.empty()
                : Optional.of(CanonicalStatus.valueOf(latest.status()));
    }

    private static void forgetLatest(String workItemId) {
        Map<Object, Object> known = StoreBatch.readAhead(LATEST);
        if (known != null) {
            known.remove(workItemId);
        }
    }

    /** What the last change of an item went to; {@link #NONE}: the item has no history. */
    private record Latest(String status) {
        static final Latest NONE = new Latest("");
    }

    /** The item's history, oldest first. */
    public List<StatusChange> findByWorkItem(String workItemId) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select payload from status_change where work_item_id = :workItemId order by changed_at, id")
                .param("workItemId", workItemId)
                .query(String.class).list().stream()
                .map(payload -> JsonPayload.read(payload, StatusChange.class))
                .toList();
    }
}
