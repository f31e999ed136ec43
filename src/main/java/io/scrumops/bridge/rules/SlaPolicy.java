package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A project-level SLA policy that stories name.
 *
 * @param targets           resolution target per severity; a severity without one has no SLA under this policy
 * @param pauseStatuses     statuses in which the clock stands still (waiting for the customer, on hold ...)
 * @param warningThresholds fractions of the target, strictly increasing, each in (0, 1)
 * @param calendar          working time that counts, or null for round-the-clock time
 */
public record SlaPolicy(String name, Map<Severity, Duration> targets, Set<CanonicalStatus> pauseStatuses,
                        List<Double> warningThresholds, BusinessHoursCalendar calendar) {

    public static final String DEFAULT_NAME = "default";

    public SlaPolicy {
        Objects.requireNonNull(name, "name");
        targets = targets == null || targets.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(targets));
        pauseStatuses = pauseStatuses == null ? Set.of() : Set.copyOf(pauseStatuses);
        warningThresholds = warningThresholds == null ? List.of() : List.copyOf(warningThresholds);
        targets.forEach((severity, target) -> {
            if (target == null || target.isNegative() || target.isZero()) {
                throw new IllegalArgumentException("SLA target for " + severity + " must be positive: " + target);
            }
        });
        double previous = 0;
        for (double threshold : warningThresholds) {
            if (threshold <= previous || threshold >= 1) {
                throw new IllegalArgumentException(
                        "warning thresholds must increase strictly within (0, 1): " + warningThresholds);
            }
            previous = threshold;
        }
        for (CanonicalStatus status : pauseStatuses) {
            if (status.isDone()) {
                throw new IllegalArgumentException("a done status cannot pause the SLA clock: " + status);
            }
        }
    }

    /** The seed's defaults: SEV1 within 6 hours, SEV2 within 24 hours, round the clock, paused while ON_HOLD. */
    public static SlaPolicy defaults() {
        return new SlaPolicy(DEFAULT_NAME, Map.of(Severity.SEV1, Duration.ofHours(6), Severity.SEV2,
                Duration.ofHours(24)), Set.of(CanonicalStatus.ON_HOLD), List.of(0.5, 0.75), null);
    }

    public Optional<Duration> targetFor(Severity severity) {
        return severity == null ? Optional.empty() : Optional.ofNullable(targets.get(severity));
    }

    public boolean pausesIn(CanonicalStatus status) {
        return pauseStatuses.contains(status);
    }
}
