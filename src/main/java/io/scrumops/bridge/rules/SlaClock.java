package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkPackageAttributes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a work package's SLA clock from its fixed start and target and its status history.
 * <p>
 * The clock counts from {@code slaStartedAt} while the package is in a status that is neither done nor one of
 * the policy's pause statuses, and only in working time when the policy has a calendar. Reopening a done
 * package starts it again. The status before the first recorded change is that change's {@code from}. For an
 * escalated package pass the history of the whole chain, so pauses before the escalation still count as pauses.
 * A package without {@code slaStartedAt} or {@code slaTarget} has no SLA.
 */
public final class SlaClock {

    private static final Comparator<StatusChange> BY_TIME = Comparator.comparing(StatusChange::at);

    public Optional<SlaStatus> evaluate(WorkItem workPackage, List<StatusChange> history, SlaPolicy policy,
                                        Instant now) {
        WorkPackageAttributes attributes = workPackage.workPackage();
        if (attributes == null || attributes.slaStartedAt() == null || attributes.slaTarget() == null) {
            return Optional.empty();
        }
        Instant start = attributes.slaStartedAt();
        Duration target = attributes.slaTarget();
        BusinessHoursCalendar calendar = policy.calendar();
        List<StatusChange> changes = timeline(workPackage, history);

        CanonicalStatus status = initialStatus(workPackage, changes);
        int i = 0;
        while (i < changes.size() && !changes.get(i).at().isAfter(start)) {
            status = orNew(changes.get(i).to());
            i++;
        }
        Duration elapsed = Duration.ZERO;
        Instant breachedAt = null;
        Instant segmentStart = start;
        for (; i <= changes.size(); i++) {
            boolean last = i == changes.size();
            Instant segmentEnd = last ? now : min(changes.get(i).at(), now);
            if (counts(status, policy) && segmentEnd.isAfter(segmentStart)) {
                Duration segment = calendar == null ? Duration.between(segmentStart, segmentEnd)
                        : calendar.workingTimeBetween(segmentStart, segmentEnd);
                Duration after = elapsed.plus(segment);
                if (breachedAt == null && after.compareTo(target) > 0) {
                    Duration toTarget = target.minus(elapsed);
                    breachedAt = calendar == null ? segmentStart.plus(toTarget)
                            : calendar.plusWorkingTime(segmentStart, toTarget);
                }
                elapsed = after;
            }
            if (last || changes.get(i).at().isAfter(now)) {
                break;
            }
            status = orNew(changes.get(i).to());
            segmentStart = changes.get(i).at();
        }
        return Optional.of(status(workPackage.id(), status, policy, target, elapsed, breachedAt, now));
    }

    private static SlaStatus status(String id, CanonicalStatus current, SlaPolicy policy, Duration target,
                                    Duration elapsed, Instant breachedAt, Instant now) {
        Duration remaining = breachedAt != null ? Duration.ZERO : target.minus(elapsed);
        if (remaining.isNegative()) {
            remaining = Duration.ZERO;
        }
        Double highest = highestThreshold(policy.warningThresholds(), target, elapsed);
        SlaState state;
        Instant deadline;
        if (breachedAt != null) {
            state = SlaState.BREACHED;
            deadline = breachedAt;
        } else if (current.isDone()) {
            state = SlaState.MET;
            deadline = null;
        } else {
            state = policy.pausesIn(current) ? SlaState.PAUSED : highest != null ? SlaState.WARNING : SlaState.OK;
            deadline = policy.calendar() == null ? now.plus(remaining)
                    : policy.calendar().plusWorkingTime(now, remaining);
        }
        return new SlaStatus(id, state, highest, target, elapsed, remaining, deadline, breachedAt);
    }

    private static Double highestThreshold(List<Double> thresholds, Duration target, Duration elapsed) {
        long elapsedNanos = elapsed.toNanos();
        long targetNanos = target.toNanos();
        Double highest = null;
        for (Double threshold : thresholds) {
            if (elapsedNanos >= (long) (targetNanos * threshold)) {
                highest = threshold;
            }
        }
        return highest;
    }

    private static List<StatusChange> timeline(WorkItem workPackage, List<StatusChange> history) {
        if (history == null || history.isEmpty()) {
            if (workPackage.isDone() && workPackage.resolvedAt() != null) {
                return List.of(new StatusChange(workPackage.id(), CanonicalStatus.IN_PROGRESS, workPackage.status(),
                        null, null, workPackage.resolvedAt(), null));
            }
            return List.of();
        }
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).at().isBefore(history.get(i - 1).at())) {
                List<StatusChange> sorted = new ArrayList<>(history);
                sorted.sort(BY_TIME);
                return sorted;
            }
        }
        return history;
    }

    private static CanonicalStatus initialStatus(WorkItem workPackage, List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return orNew(workPackage.status());
        }
        return orNew(changes.get(0).from());
    }

    private static boolean counts(CanonicalStatus status, SlaPolicy policy) {
        return !status.isDone() && !policy.pausesIn(status);
    }

    private static CanonicalStatus orNew(CanonicalStatus status) {
        return status == null ? CanonicalStatus.NEW : status;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
