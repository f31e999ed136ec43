package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per pair and field, the value last agreed on by both systems. */
@Repository
public class FieldSyncRepository {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public FieldSyncRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    private static final String TABLE = "field_sync";
    private static final String UPSERT = """
            insert into field_sync (pair_id, field, value_hash, value, source_system, source_at, pending_to)
            values (:pairId, :field, :valueHash, :value, :sourceSystem, :sourceAt, :pendingTo)
            on conflict (pair_id, field) do update set
                value_hash = excluded.value_hash, value = excluded.value,
                source_system = excluded.source_system, source_at = excluded.source_at,
                pending_to = excluded.pending_to, synced_at = now()""";

    /** Written at once, or with the rest of the store batch bound to this thread ({@link StoreBatch}). */
    public void save(FieldSync sync) {
        StoreBatch.hold(TABLE, sync, this::write);
    }

    private void write(List<FieldSync> syncs) {
        if (syncs.size() == 1) {
            jdbc.sql(UPSERT).params(params(syncs.get(0))).update();
            return;
        }
        // one row per field: a statement may not update a row twice, and the last save is what the field holds
        Map<String, FieldSync> last = new LinkedHashMap<>();
        for (FieldSync sync : syncs) {
            String key = sync.pairId() + "\u0000" + sync.field();
            last.remove(key);
            last.put(key, sync);
        }
        named.batchUpdate(UPSERT, last.values().stream().map(sync -> new MapSqlParameterSource(params(sync)))
                .toArray(MapSqlParameterSource[]::new));
    }

    private static Map<String, Object> params(FieldSync sync) {
        Map<String, Object> params = new HashMap<>();
        params.put("pairId", sync.pairId());
        params.put("field", sync.field());
        params.put("valueHash", sync.valueHash());
        params.put("value", sync.value());
        params.put("sourceSystem", sync.sourceSystem().name());
        params.put("sourceAt", SqlTime.toSql(sync.sourceAt()));
        params.put("pendingTo", sync.pendingTo() == null ? null : sync.pendingTo().name());
        return params;
    }

    /** The echo of the pending write came back: nothing is in flight for this field any more. */
    public void clearPending(String pairId, String field) {
        StoreBatch.flush(TABLE);
        jdbc.sql("update field_sync set pending_to = null where pair_id = :pairId and field = :field")
                .param("pairId", pairId).param("field", field).update();
    }

    public Optional<FieldSync> find(String pairId, String field) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from field_sync where pair_id = :pairId and field = :field")
                .param("pairId", pairId).param("field", field)
                .query(FieldSyncRepository::map).optional();
    }

    public List<FieldSync> findByPair(String pairId) {
        StoreBatch.flush(TABLE);
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
