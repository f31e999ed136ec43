package io.scrumops.bridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class QuarantineRepository {

    private final JdbcClient jdbc;

    public QuarantineRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Returns the new entry's id. */
    public long add(Long inboxId, String source, String reason, String payload) {
        return jdbc.sql("""
                        insert into quarantine (inbox_id, source, reason, payload)
                        values (:inboxId, :source, :reason, :payload)
                        returning id""")
                .param("inboxId", inboxId)
                .param("source", source)
                .param("reason", reason)
                .param("payload", payload)
                .query(Long.class).single();
    }

    /**
     * The open entry of an inbox record, if it has one: a record consumed again (a rebalance before its offset was
     * committed) is not quarantined twice.
     */
    public Optional<Long> openEntryOf(long inboxId) {
        return jdbc.sql("select id from quarantine where inbox_id = :inboxId and status = 'OPEN' order by id limit 1")
                .param("inboxId", inboxId)
                .query(Long.class).optional();
    }

    /** Entries in the given status, oldest first. */
    public List<QuarantineEntry> list(QuarantineStatus status, int limit) {
        return jdbc.sql("select * from quarantine where status = :status order by created_at, id limit :limit")
                .param("status", status.name())
                .param("limit", limit)
                .query(QuarantineRepository::map).list();
    }

    public Optional<QuarantineEntry> findById(long id) {
        return jdbc.sql("select * from quarantine where id = :id").param("id", id)
                .query(QuarantineRepository::map).optional();
    }

    /** Only an OPEN entry can be replayed; returns false when it already was, or was discarded. */
    public boolean markReplayed(long id) {
        return jdbc.sql("update quarantine set status = 'REPLAYED', replayed_at = now() where id = :id and status = 'OPEN'")
                .param("id", id).update() == 1;
    }

    public boolean markDiscarded(long id) {
        return jdbc.sql("update quarantine set status = 'DISCARDED' where id = :id and status = 'OPEN'")
                .param("id", id).update() == 1;
    }

    private static QuarantineEntry map(ResultSet rs, int row) throws SQLException {
        return new QuarantineEntry(
                rs.getLong("id"),
                rs.getObject("inbox_id", Long.class),
                rs.getString("source"),
                rs.getString("reason"),
                rs.getString("payload"),
                SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "replayed_at"),
                QuarantineStatus.valueOf(rs.getString("status")));
    }
}
