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
import org.springframework.jdbc.support.SqlArrayValue;
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
     * Stores records in one statement (one commit, so one WAL flush for them all: a page read back from a system, or
     * the webhooks of concurrent requests), each unless one with the same dedup key is already there; a key twice in
     * the list is stored once. The statement's text is the same for any number of records (the values travel as
     * arrays), so the server plans it once. The receipts are in the order of {@code records}: a record whose key was
     * already held (or met earlier in the list) is a duplicate naming the row that holds it.
     */
    public List<InboxReceipt> receiveAll(List<NewRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        int n = records.size();
        String[] sources = new String[n];
        String[] events = new String[n];
        String[] keys = new String[n];
        String[] headers = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            NewRecord record = records.get(i);
            sources[i] = record.source();
            events[i] = record.eventType();
            keys[i] = record.dedupKey();
            headers[i] = JsonPayload.write(record.headers() == null ? Map.of() : record.headers());
            bodies[i] = record.body();
        }
        Map<String, Long> inserted = new java.util.HashMap<>();
        jdbc.sql("""
                        insert into inbox (source, event_type, dedup_key, headers, body)
                        select s, e, d, cast(h as jsonb), b
                        from unnest(:sources, :events, :keys, :headers, :bodies) with ordinality as r(s, e, d, h, b, n)
                        order by n
                        on conflict (dedup_key) do nothing
                        returning id, dedup_key""")
                .param("sources", new SqlArrayValue("text", (Object[]) sources))
                .param("events", new SqlArrayValue("text", (Object[]) events))
                .param("keys", new SqlArrayValue("text", (Object[]) keys))
                .param("headers", new SqlArrayValue("text", (Object[]) headers))
                .param("bodies", new SqlArrayValue("text", (Object[]) bodies))
                .query((rs, row) -> inserted.put(rs.getString("dedup_key"), rs.getLong("id"))).list();
        return receipts(records, inserted);
    }

    private List<InboxReceipt> receipts(List<NewRecord> records, Map<String, Long> inserted) {
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
     * Only a RECEIVED record becomes PUBLISHED, so a late acknowledgement never hides that it was processed. Rows are
     * locked in id order, as {@link #markProcessed(Collection)} locks them: the two statements run at once on the same
     * records (the published marks and a consumer's batch), and locking in the order each plan happened to scan let
     * them deadlock.
     *
     * @return how many of these records went from RECEIVED to PUBLISHED
     */
    public int markPublished(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update inbox set status = 'PUBLISHED' where id in (
                            select id from inbox where id = any(:ids) and status = 'RECEIVED' order by id for update)""")
                .param("ids", ids.toArray(Long[]::new))
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
        return jdbc.sql("""
                        update inbox set status = 'PROCESSED', processed_at = clock_timestamp() where id in (
                            select id from inbox where id = any(:ids) order by id for update)""")
                // one array, so one statement text for every batch size (planned once, no list expanded)
                .param("ids", ids.toArray(Long[]::new))
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
