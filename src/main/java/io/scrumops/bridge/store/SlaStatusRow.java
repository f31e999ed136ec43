package io.scrumops.bridge.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A work package's SLA clock as the last sweep left it.
 *
 * @param highestWarning the highest warning threshold announced, or null
 * @param breached       whether the breach was announced
 */
public record SlaStatusRow(String workPackageId, String team, String severity, String state, Double highestWarning,
                           boolean breached, Duration target, Instant deadline, Instant breachedAt,
                           Instant evaluatedAt) {
}
