package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Times one SLA sweep over 100,000 open work packages with status histories: half under a round-the-clock policy,
 * half under a business-hours calendar. Not a test; run with
 * {@code java -cp target/classes:target/test-classes io.scrumops.bridge.rules.SlaSweepBenchmark [packages] [runs]}.
 */
public final class SlaSweepBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-30T10:00:00Z");
    private static final CanonicalStatus[] OPEN = {CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS,
            CanonicalStatus.ON_HOLD, CanonicalStatus.IN_REVIEW, CanonicalStatus.REJECTED};

    private SlaSweepBenchmark() {
    }

    public static void main(String[] args) {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<SlaCheck> checks = checks(packages, new Random(42));
        Map<String, SlaMark> marks = new HashMap<>();
        SlaSweep sweep = new SlaSweep(new SlaClock());

        for (int i = 0; i < 3; i++) {
            sweep.sweep(checks, marks, NOW);
        }
        SlaSweepResult first = time("first sweep (nothing recorded)", packages, runs, () -> sweep.sweep(checks, marks, NOW));
        Map<String, SlaMark> recorded = first.marks();
        time("re-run (marks recorded)", packages, runs, () -> sweep.sweep(checks, recorded, NOW));
    }

    private static SlaSweepResult time(String label, int packages, int runs, java.util.function.Supplier<SlaSweepResult> run) {
        long[] millis = new long[runs];
        SlaSweepResult last = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            last = run.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        long p50 = sorted[sorted.length / 2];
        System.out.printf("%s: packages=%d runs=%d times(ms)=%s%n", label, packages, runs, Arrays.toString(millis));
        System.out.printf("  p50=%d ms max=%d ms throughput=%.0f packages/s (at p50) commands=%d evaluated=%d%n", p50,
                sorted[sorted.length - 1], packages * 1000.0 / Math.max(1, p50), last.commands().size(),
                last.statuses().size());
        return last;
    }

    private static List<SlaCheck> checks(int count, Random random) {
        SlaPolicy roundTheClock = SlaPolicy.defaults();
        SlaPolicy businessHours = new SlaPolicy("business-hours",
                Map.of(Severity.SEV1, Duration.ofHours(6), Severity.SEV2, Duration.ofHours(24),
                        Severity.SEV3, Duration.ofHours(40)),
                Set.of(CanonicalStatus.ON_HOLD), List.of(0.5, 0.75, 0.9),
                new BusinessHoursCalendar(ZoneId.of("Europe/Berlin"), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        LocalTime.of(8, 0), LocalTime.of(18, 0), Set.of(LocalDate.of(2026, 4, 3))));
        Severity[] severities = {Severity.SEV1, Severity.SEV2, Severity.SEV3};
        List<SlaCheck> checks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = "jira:issue:WP-" + i;
            Severity severity = severities[random.nextInt(severities.length)];
            SlaPolicy policy = i % 2 == 0 ? roundTheClock : businessHours;
            Duration target = policy.targetFor(severity).orElse(Duration.ofHours(72));
            Instant started = NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 10)));
            List<StatusChange> history = history(id, started, random);
            CanonicalStatus current = history.isEmpty() ? CanonicalStatus.NEW : history.get(history.size() - 1).to();
            WorkPackageAttributes attributes = new WorkPackageAttributes("story", "template", severity, "website",
                    started, target, 1, null, List.of());
            WorkItem item = new WorkItem(id, WorkItemKind.WORK_PACKAGE, null, "Package " + i, null, current, null,
                    severity, null, null, null, null, "ops", "story", "sprint", Set.of(), started, NOW, null, null,
                    attributes);
            checks.add(new SlaCheck(item, history, policy));
        }
        return checks;
    }

    private static List<StatusChange> history(String id, Instant started, Random random) {
        int changes = 2 + random.nextInt(6);
        long span = Duration.between(started, NOW).toSeconds();
        List<StatusChange> history = new ArrayList<>(changes);
        CanonicalStatus from = CanonicalStatus.NEW;
        Instant at = started;
        for (int c = 0; c < changes; c++) {
            at = at.plusSeconds(random.nextInt((int) Math.max(1, span / changes)));
            CanonicalStatus to = OPEN[1 + random.nextInt(OPEN.length - 1)];
            history.add(new StatusChange(id, from, to, null, null, at, "someone"));
            from = to;
        }
        return history;
    }
}
