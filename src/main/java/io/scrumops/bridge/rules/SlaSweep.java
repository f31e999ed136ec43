package io.scrumops.bridge.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates the SLA clocks of many work packages and announces only what is new since the recorded marks:
 * a breach once, and a warning only for a threshold above the highest one announced. When several thresholds
 * were crossed since the last sweep only the highest is announced, and a breach replaces any warning; a
 * package resolved within its target gets no late warning. Running the sweep again with the marks it returned
 * announces nothing.
 */
public final class SlaSweep {

    private final SlaClock clock;

    public SlaSweep(SlaClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SlaSweepResult sweep(Collection<SlaCheck> checks, Map<String, SlaMark> recorded, Instant now) {
        Map<String, SlaMark> previous = recorded == null ? Map.of() : recorded;
        List<RuleCommand> commands = new ArrayList<>();
        Map<String, SlaMark> marks = new HashMap<>(Math.max(16, checks.size() * 4 / 3 + 1));
        List<SlaStatus> statuses = new ArrayList<>(checks.size());
        for (SlaCheck check : checks) {
            Optional<SlaStatus> evaluated = clock.evaluate(check.workPackage(), check.history(), check.policy(), now);
            if (evaluated.isEmpty()) {
                continue;
            }
            SlaStatus status = evaluated.get();
            statuses.add(status);
            SlaMark before = previous.getOrDefault(status.workPackageId(), SlaMark.NONE);
            announce(status, before, commands);
            marks.put(status.workPackageId(), before.after(status));
        }
        return new SlaSweepResult(List.copyOf(commands), marks, statuses);
    }

    private static void announce(SlaStatus status, SlaMark before, List<RuleCommand> commands) {
        if (before.breached()) {
            return;
        }
        if (status.isBreached()) {
            commands.add(new SlaBreached(status.workPackageId(), status.target(), status.breachedAt()));
            return;
        }
        Double threshold = status.highestThreshold();
        boolean newlyCrossed = threshold != null
                && (before.highestWarning() == null || threshold > before.highestWarning());
        if (newlyCrossed && status.state() != SlaState.MET) {
            commands.add(new SlaWarning(status.workPackageId(), threshold, status.elapsed(), status.remaining(),
                    status.deadline()));
        }
    }
}
