package io.scrumops.bridge.store;

import java.time.Instant;

/**
 * A backfill job as stored: what it imports, how far it got and how it ended.
 *
 * @param state QUEUED, RUNNING, DONE, FAILED or INTERRUPTED
 * @param owner the bridge process that runs the job
 */
public record BackfillJobRow(String id, String source, String scope, String state, int pages, int accepted,
                             int duplicates, int refused, String error, String owner, Instant queuedAt,
                             Instant startedAt, Instant finishedAt, Instant heartbeatAt) {
}
