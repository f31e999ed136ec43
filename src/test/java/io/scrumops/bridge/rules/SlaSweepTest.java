package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.scrumops.bridge.model.CanonicalStatus.DONE;
import static io.scrumops.bridge.model.CanonicalStatus.IN_PROGRESS;
import static io.scrumops.bridge.model.CanonicalStatus.NEW;
import static io.scrumops.bridge.rules.Items.change;
import static io.scrumops.bridge.rules.Items.slaPackage;
import static org.assertj.core.api.Assertions.assertThat;

class SlaSweepTest {

    private static final Instant START = Instant.parse("2026-03-04T09:00:00Z");
    private static final Duration SIX_HOURS = Duration.ofHours(6);

    private final SlaSweep sweep = new SlaSweep(new SlaClock());

    private static SlaCheck check(WorkItem item, List<StatusChange> history) {
        return new SlaCheck(item, history, SlaPolicy.defaults());
    }

    @Test
    void announcesEachThresholdAndTheBreachOnce() {
        List<SlaCheck> checks = List.of(check(slaPackage("wp", START, SIX_HOURS, IN_PROGRESS), List.of()));
        Map<String, SlaMark> marks = new HashMap<>();
        List<String> announced = new java.util.ArrayList<>();

        for (Duration after : List.of(Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(3).plusMinutes(10),
                Duration.ofHours(5), Duration.ofHours(5), Duration.ofHours(7), Duration.ofHours(8))) {
            SlaSweepResult result = sweep.sweep(checks, marks, START.plus(after));
            result.commands().forEach(c -> announced.add(c.idempotencyKey()));
            marks.putAll(result.marks());
        }

        assertThat(announced).containsExactly("sla-warning:wp:0.5", "sla-warning:wp:0.75", "sla-breached:wp");
    }

    @Test
    void announcesNothingNewWhenRunAgain() {
        List<SlaCheck> checks = List.of(
                check(slaPackage("a", START, SIX_HOURS, IN_PROGRESS), List.of()),
                check(slaPackage("b", START.minus(Duration.ofHours(4)), SIX_HOURS, IN_PROGRESS), List.of()),
                check(slaPackage("c", START.minus(Duration.ofHours(9)), SIX_HOURS, IN_PROGRESS), List.of()));
        Instant now = START.plus(Duration.ofHours(1));

        SlaSweepResult first = sweep.sweep(checks, Map.of(), now);
        SlaSweepResult second = sweep.sweep(checks, first.marks(), now);

        assertThat(first.commands()).extracting(RuleCommand::idempotencyKey)
                .containsExactly("sla-warning:b:0.75", "sla-breached:c");
        assertThat(second.commands()).isEmpty();
        assertThat(second.marks()).isEqualTo(first.marks());
    }

    @Test
    void announcesOnlyTheHighestOfSeveralThresholdsCrossedSinceTheLastSweep() {
        SlaSweepResult result = sweep.sweep(List.of(check(slaPackage("wp", START, SIX_HOURS, IN_PROGRESS), List.of())),
                Map.of(), START.plus(Duration.ofHours(5)));

        assertThat(result.commands()).singleElement().isInstanceOfSatisfying(SlaWarning.class, warning -> {
            assertThat(warning.threshold()).isEqualTo(0.75);
            assertThat(warning.remaining()).isEqualTo(Duration.ofHours(1));
            assertThat(warning.deadline()).isEqualTo(START.plus(SIX_HOURS));
        });
    }

    @Test
    void announcesALateResolutionAsBreachButNoWarningForOneResolvedInTime() {
        List<SlaCheck> checks = List.of(
                check(slaPackage("late", START, SIX_HOURS, DONE),
                        List.of(change("late", NEW, DONE, START.plus(Duration.ofHours(8))))),
                check(slaPackage("in-time", START, SIX_HOURS, DONE),
                        List.of(change("in-time", NEW, DONE, START.plus(Duration.ofHours(5))))));

        SlaSweepResult result = sweep.sweep(checks, Map.of(), START.plus(Duration.ofHours(9)));

        assertThat(result.commands()).singleElement().isInstanceOfSatisfying(SlaBreached.class, breached ->
                assertThat(breached.breachedAt()).isEqualTo(START.plus(SIX_HOURS)));
    }

    @Test
    void skipsPackagesWithoutSla() {
        SlaSweepResult result = sweep.sweep(List.of(check(slaPackage("none", null, null, IN_PROGRESS), List.of())),
                Map.of(), START);

        assertThat(result.commands()).isEmpty();
        assertThat(result.statuses()).isEmpty();
    }
}
