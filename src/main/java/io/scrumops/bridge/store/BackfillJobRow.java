package io.scrumops.bridge.store;

import java.time.Instant;

/**
 * A backfill job as stored: what it imports, how far it got and how it ended.
 *
 * @param state      QUEUED, RUNNING, DONE, FAILED or INTERRUPTED
 * @param owner      the bridge process that runs the job
 * @param resumeFrom where the job can be resumed: the last position read and fed (its form is the source's), or null
 * @param resumes    the job this one resumes, or null
 */
public record BackfillJobRow(String id, String source, String scope, String state, int pages, int accepted,
                             int duplicates, int refused, String error, String owner, Instant queuedAt,
                             Instant startedAt, Instant finishedAt, Instant heartbeatAt, String resumeFrom,
                             String resumes) {
}
