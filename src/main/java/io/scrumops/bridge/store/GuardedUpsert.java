package io.scrumops.bridge.store;

import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The source version guard shared by every table that stores a record with a SourceRef. The guard sits in
 * the ON CONFLICT ... WHERE clause so that the check and the write are one statement: an older event never
 * overwrites a newer one, even when two arrive at once. Order matches SourceRef.isNotOlderThan: a missing
 * source time is older than any time, and equal times compare by version.
 */
final class GuardedUpsert {

    private GuardedUpsert() {
    }

    /** The WHERE clause for {@code ON CONFLICT (id) DO UPDATE SET ... WHERE}. */
    static String guard(String table) {
        String t = table + ".";
        return "(excluded.source_updated_at > " + t + "source_updated_at"
                + " or (" + t + "source_updated_at is null and excluded.source_updated_at is not null)"
                + " or (excluded.source_updated_at is not distinct from " + t + "source_updated_at"
                + " and coalesce(excluded.source_version, 0) >= coalesce(" + t + "source_version, 0)))"
                + " and " + t + "payload is distinct from excluded.payload";
    }

    /**
     * Runs an upsert that ends in {@code RETURNING (xmax = 0)} and says what it did. When no row comes back the
     * stored payload tells an unchanged redelivery from a stale event.
     */
    static UpsertOutcome run(JdbcClient jdbc, String upsertSql, Map<String, ?> params, String table, String id,
                             String payload) {
        try {
            return runOnce(jdbc, upsertSql, params, table, id, payload);
        } catch (DuplicateKeyException raced) {
            // Two first deliveries of one record raced, and the other's row hit a unique key besides the id before
            // ON CONFLICT (id) could see it. It is committed now, so the same statement takes the ON CONFLICT path.
            // Inside a transaction the failed statement has aborted it: the caller retries the whole transaction.
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                throw raced;
            }
            return runOnce(jdbc, upsertSql, params, table, id, payload);
        }
    }

    private static UpsertOutcome runOnce(JdbcClient jdbc, String upsertSql, Map<String, ?> params, String table,
                                         String id, String payload) {
        return jdbc.sql(upsertSql).params(params).query(Boolean.class).optional()
                .map(inserted -> inserted ? UpsertOutcome.INSERTED : UpsertOutcome.UPDATED)
                .orElseGet(() -> jdbc.sql("select payload = cast(:payload as jsonb) from " + table + " where id = :id")
                        .param("payload", payload)
                        .param("id", id)
                        .query(Boolean.class)
                        .optional()
                        .filter(Boolean::booleanValue)
                        .map(same -> UpsertOutcome.UNCHANGED)
                        .orElse(UpsertOutcome.STALE));
    }
}
