package io.scrumops.bridge.store;

import io.scrumops.bridge.model.StatusChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Status history of work items, the raw material of cycle time, flow time and flow efficiency. */
@Repository
public class StatusChangeRepository {

    private final JdbcClient jdbc;

    public StatusChangeRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Returns false when the same transition of the item at the same instant is already recorded. */
    public boolean record(StatusChange change) {
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
        return jdbc.sql("""
                        insert into status_change (work_item_id, from_status, to_status, source_from, source_to,
                                                   changed_at, author, payload)
                        values (:workItemId, :fromStatus, :toStatus, :sourceFrom, :sourceTo, :changedAt, :author,
                                cast(:payload as jsonb))
                        on conflict do nothing""")
                .params(params)
                .update() == 1;
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
