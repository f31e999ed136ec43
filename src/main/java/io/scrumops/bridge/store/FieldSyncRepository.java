package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per pair and field, the value last agreed on by both systems. */
@Repository
public class FieldSyncRepository {

    private final JdbcClient jdbc;

    public FieldSyncRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public void save(FieldSync sync) {
        Map<String, Object> params = new HashMap<>();
        params.put("pairId", sync.pairId());
        params.put("field", sync.field());
        params.put("valueHash", sync.valueHash());
        params.put("value", sync.value());
        params.put("sourceSystem", sync.sourceSystem().name());
        params.put("sourceAt", SqlTime.toSql(sync.sourceAt()));
        params.put("pendingTo", sync.pendingTo() == null ? null : sync.pendingTo().name());
        jdbc.sql("""
                        insert into field_sync (pair_id, field, value_hash, value, source_system, source_at, pending_to)
                        values (:pairId, :field, :valueHash, :value, :sourceSystem, :sourceAt, :pendingTo)
                        on conflict (pair_id, field) do update set
                            value_hash = excluded.value_hash, value = excluded.value,
                            source_system = excluded.source_system, source_at = excluded.source_at,
                            pending_to = excluded.pending_to, synced_at = now()""")
                .params(params)
                .update();
    }

    /** The echo of the pending write came back: nothing is in flight for this field any more. */
    public void clearPending(String pairId, String field) {
        jdbc.sql("update field_sync set pending_to = null where pair_id = :pairId and field = :field")
                .param("pairId", pairId).param("field", field).update();
    }

    public Optional<FieldSync> find(String pairId, String field) {
        return jdbc.sql("select * from field_sync where pair_id = :pairId and field = :field")
                .param("pairId", pairId).param("field", field)
                .query(FieldSyncRepository::map).optional();
    }

    public List<FieldSync> findByPair(String pairId) {
        return jdbc.sql("select * from field_sync where pair_id = :pairId order by field")
                .param("pairId", pairId)
                .query(FieldSyncRepository::map).list();
    }

    private static FieldSync map(ResultSet rs, int row) throws SQLException {
        String pending = rs.getString("pending_to");
        return new FieldSync(rs.getString("pair_id"), rs.getString("field"), rs.getString("value_hash"),
                rs.getString("value"), SourceSystem.valueOf(rs.getString("source_system")),
                SqlTime.instant(rs, "source_at"), SqlTime.instant(rs, "synced_at"),
                pending == null ? null : SourceSystem.valueOf(pending));
    }
}
