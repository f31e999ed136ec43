package io.scrumops.bridge.store;

import java.time.Instant;

/**
 * A record the bridge could not take in, kept with the reason until it is replayed or discarded.
 *
 * @param inboxId the raw inbound record it came from, when it came through the inbox
 */
public record QuarantineEntry(long id, Long inboxId, String source, String reason, String payload, Instant createdAt,
                              Instant replayedAt, QuarantineStatus status) {
}
