package io.scrumops.bridge.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one work package's SLA clock stands.
 *
 * @param highestThreshold the highest warning threshold crossed so far, or null (also kept while PAUSED or MET)
 * @param elapsed          counted time: working time only, pauses excluded
 * @param remaining        target minus elapsed, never negative
 * @param deadline         when the target is reached: the actual instant once breached, otherwise projected from
 *                         the evaluation time assuming the clock runs from then on without pause; null when MET
 * @param breachedAt       when the target passed, or null
 */
public record SlaStatus(String workPackageId, SlaState state, Double highestThreshold, Duration target,
                        Duration elapsed, Duration remaining, Instant deadline, Instant breachedAt) {

    public boolean isBreached() {
        return state == SlaState.BREACHED;
    }
}
