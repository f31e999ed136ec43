package io.scrumops.bridge.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class InboxRepository {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public InboxRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Stores the record unless one with the same dedup key is already there; the receipt says which. */
    public InboxReceipt receive(String source, String eventType, String dedupKey, Map<String, String> headers,
                                String body) {
        Optional<Long> inserted = jdbc.sql("""
                        insert into inbox (source, event_type, dedup_key, headers, body)
                        values (:source, :eventType, :dedupKey, cast(:headers as jsonb), :body)
                        on conflict (dedup_key) do nothing
                        returning id""")
                .param("source", source)
                .param("eventType", eventType)
                .param("dedupKey", dedupKey)
                .param("headers", JsonPayload.write(headers == null ? Map.of() : headers))
                .param("body", body)
                .query(Long.class).optional();
        if (inserted.isPresent()) {
            return new InboxReceipt(inserted.get(), false);
        }
        long existing = jdbc.sql("select id from inbox where dedup_key = :dedupKey")
                .param("dedupKey", dedupKey)
                .query(Long.class).single();
        return new InboxReceipt(existing, true);
    }

    /** A record to store with {@link #receiveAll}. */
    public record NewRecord(String source, String eventType, String dedupKey, Map<String, String> headers,
                            String body) {
    }

    /**
     * Stores a page of records in one multi-row statement (one commit, so one WAL flush for the page), each unless one
     * with the same dedup key is already there; a key twice in the page is stored once. The receipts are in the order
     * of {@code records}: a record whose key was already held (or met earlier in the page) is a duplicate naming the
     * row that holds it.
     */
    public List<InboxReceipt> receiveAll(List<NewRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("insert into inbox (source, event_type, dedup_key, headers, body) values ");
        Map<String, Object> params = new java.util.HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            NewRecord record = records.get(i);
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("(:s").append(i).append(", :e").append(i).append(", :d").append(i)
                    .append(", cast(:h").append(i).append(" as jsonb), :b").append(i).append(')');
            params.put("s" + i, record.source());
            params.put("e" + i, record.eventType());
            params.put("d" + i, record.dedupKey());
            params.put("h" + i, JsonPayload.write(record.headers() == null ? Map.of() : record.headers()));
            params.put("b" + i, record.body());
        }
        sql.append(" on conflict (dedup_key) do nothing returning id, dedup_key");
        Map<String, Long> inserted = new java.util.HashMap<>();
        jdbc.sql(sql.toString()).params(params)
                .query((rs, row) -> inserted.put(rs.getString("dedup_key"), rs.getLong("id"))).list();
        Map<String, Long> held = new java.util.HashMap<>();
        List<String> others = records.stream().map(NewRecord::dedupKey).filter(key -> !inserted.containsKey(key))
                .distinct().toList();
        if (!others.isEmpty()) {
            jdbc.sql("select id, dedup_key from inbox where dedup_key in (:keys)").param("keys", others)
                    .query((rs, row) -> held.put(rs.getString("dedup_key"), rs.getLong("id"))).list();
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        List<InboxReceipt> receipts = new java.util.ArrayList<>(records.size());
        for (NewRecord record : records) {
            Long id = inserted.get(record.dedupKey());
            if (id != null && taken.add(record.dedupKey())) {
                receipts.add(new InboxReceipt(id, false));
            } else {
                Long earlier = id != null ? id : held.get(record.dedupKey());
                if (earlier == null) {
                    throw new IllegalStateException("inbox record " + record.dedupKey() + " neither stored nor held");
                }
                receipts.add(new InboxReceipt(earlier, true));
            }
        }
        return receipts;
    }

    public Optional<InboxRecord> findById(long id) {
        return jdbc.sql("select * from inbox where id = :id").param("id", id)
                .query(InboxRepository::map).optional();
    }

    /** Oldest first; after a restart, RECEIVED records older than a moment ago are the ones to publish again. */
    public List<InboxRecord> findByStatus(InboxStatus status, Instant receivedBefore, int limit) {
        return jdbc.sql("""
                        select * from inbox where status = :status and received_at < :before
                        order by received_at, id limit :limit""")
                .param("status", status.name())
                .param("before", SqlTime.toSql(receivedBefore))
                .param("limit", limit)
                .query(InboxRepository::map).list();
    }

    /**
     * Only a RECEIVED record becomes PUBLISHED, so a late acknowledgement never hides that it was processed.
     *
     * @return how many of these records went from RECEIVED to PUBLISHED
     */
    public int markPublished(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update inbox set status = 'PUBLISHED' where id in (:ids) and status = 'RECEIVED'")
                .param("ids", ids)
                .update();
    }

    /**
     * Lets the current transaction commit without waiting for its WAL flush. Only for work the inbox can redo: if
     * such a commit is lost in a crash, the record is still not PROCESSED and is published again.
     */
    public void relaxCommitDurability() {
        jdbc.sql("set local synchronous_commit to off").update();
    }

    public boolean markProcessed(long id) {
        return finish(id, InboxStatus.PROCESSED);
    }

    /** Marks a whole batch stored in one statement; @return how many records changed. */
    public int markProcessed(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update inbox set status = 'PROCESSED', processed_at = clock_timestamp() where id in (:ids)")
                .param("ids", ids)
                .update();
    }

    /**
     * Forgets records processed before {@code before}; records waiting, quarantined or never processed stay. A
     * webhook delivered again after its record is gone is taken as new, and the store's version guard keeps it from
     * undoing anything newer.
     *
     * @return how many were deleted
     */
    public int deleteProcessedBefore(Instant before, int limit) {
        return jdbc.sql("""
                        delete from inbox where id in (
                            select id from inbox where status = 'PROCESSED' and processed_at < :before limit :limit)""")
                .param("before", SqlTime.toSql(before))
                .param("limit", limit)
                .update();
    }

    public boolean markQuarantined(long id) {
        return finish(id, InboxStatus.QUARANTINED);
    }

    private boolean finish(long id, InboxStatus status) {
        return jdbc.sql("update inbox set status = :status, processed_at = clock_timestamp() where id = :id")
                .param("status", status.name())
                .param("id", id)
                .update() == 1;
    }

    private static InboxRecord map(ResultSet rs, int row) throws SQLException {
        return new InboxRecord(
                rs.getLong("id"),
                rs.getString("source"),
                rs.getString("event_type"),
                rs.getString("dedup_key"),
                SqlTime.instant(rs, "received_at"),
                JsonPayload.read(rs.getString("headers"), HEADERS),
                rs.getString("body"),
                InboxStatus.valueOf(rs.getString("status")),
                SqlTime.instant(rs, "processed_at"));
    }
}
