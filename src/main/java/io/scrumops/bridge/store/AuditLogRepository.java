package io.scrumops.bridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Append-only record of what the bridge and its users did, and of input it refused. */
@Repository
public class AuditLogRepository {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public AuditLogRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    private static final String TABLE = "audit_log";
    private static final String INSERT = """
            insert into audit_log (actor, action, entity_id, detail)
            values (:actor, :action, :entityId, cast(:detail as jsonb))""";

    /**
     * Returns the entry's id. {@code detail} is any value Jackson can write, stored as jsonb. During a store batch
     * bound to this thread ({@link StoreBatch}) the entry is written with the batch and 0 is returned.
     */
    public long record(String actor, String action, String entityId, Object detail) {
        if (StoreBatch.current() != null) {
            Map<String, Object> params = new HashMap<>();
            params.put("actor", actor);
            params.put("action", action);
            params.put("entityId", entityId);
            params.put("detail", JsonPayload.write(detail == null ? Map.of() : detail));
            StoreBatch.hold(TABLE, params, rows -> named.batchUpdate(INSERT,
                    rows.stream().map(MapSqlParameterSource::new).toArray(MapSqlParameterSource[]::new)));
            return 0;
        }
        return jdbc.sql("""
                        insert into audit_log (actor, action, entity_id, detail)
                        values (:actor, :action, :entityId, cast(:detail as jsonb))
                        returning id""")
                .param("actor", actor)
                .param("action", action)
                .param("entityId", entityId)
                .param("detail", JsonPayload.write(detail == null ? Map.of() : detail))
                .query(Long.class).single();
    }

    /** The entity's trail, oldest first. */
    public List<AuditEntry> findByEntity(String entityId) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from audit_log where entity_id = :entityId order by at, id")
                .param("entityId", entityId)
                .query(AuditLogRepository::map).list();
    }

    /** The latest entries, newest first. */
    public List<AuditEntry> latest(int limit) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from audit_log order by id desc limit :limit")
                .param("limit", limit)
                .query(AuditLogRepository::map).list();
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                SqlTime.instant(rs, "at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("entity_id"),
                JsonPayload.tree(rs.getString("detail")));
    }
}
