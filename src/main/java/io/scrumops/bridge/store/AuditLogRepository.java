package io.scrumops.bridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Append-only record of what the bridge and its users did, and of input it refused. */
@Repository
public class AuditLogRepository {

    private final JdbcClient jdbc;

    public AuditLogRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Returns the entry's id. {@code detail} is any value Jackson can write, stored as jsonb. */
    public long record(String actor, String action, String entityId, Object detail) {
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
        return jdbc.sql("select * from audit_log where entity_id = :entityId order by at, id")
                .param("entityId", entityId)
                .query(AuditLogRepository::map).list();
    }

    /** The latest entries, newest first. */
    public List<AuditEntry> latest(int limit) {
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
