package io.scrumops.bridge.scrumops;

import java.time.Duration;
import java.time.Instant;

/**
 * An SLA announcement as published on the SLA topic, keyed by work package id.
 *
 * @param eventId   stable for one announcement (the rule's idempotency key): a re-sent event carries the same id
 * @param event     WARNING or BREACHED
 * @param threshold the warning threshold crossed (fraction of the target), null for a breach
 */
public record SlaEvent(String eventId, String workPackageId, String event, String team, String severity,
                       Double threshold,
                       Duration target, Duration elapsed, Duration remaining, Instant deadline, Instant breachedAt,
                       Instant at) {
}
