package io.scrumops.bridge.store;

import io.scrumops.bridge.model.StatusChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /** Returns false when the same transition of the item at the same instant is already recorded. */
    public boolean record(StatusChange change) {
        return jdbc.sql(INSERT).params(params(change)).update() == 1;
    }

    /**
     * Records a whole history in one batch (one round trip; a multi-row insert with the driver's rewriting), each
     * transition unless the same one at the same instant is already recorded. A Jira issue read back brings its
     * whole changelog, often dozens of transitions.
     */
    public void recordAll(List<StatusChange> changes) {
        if (changes.size() == 1) {
            record(changes.get(0));
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

    /** The item's history, oldest first. */
    public List<StatusChange> findByWorkItem(String workItemId) {
        return jdbc.sql("select payload from status_change where work_item_id = :workItemId order by changed_at, id")
                .param("workItemId", workItemId)
                .query(String.class).list().stream()
                .map(payload -> JsonPayload.read(payload, StatusChange.class))
                .toList();
    }
}
