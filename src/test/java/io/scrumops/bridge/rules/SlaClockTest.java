package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.scrumops.bridge.model.CanonicalStatus.DONE;
import static io.scrumops.bridge.model.CanonicalStatus.IN_PROGRESS;
import static io.scrumops.bridge.model.CanonicalStatus.NEW;
import static io.scrumops.bridge.model.CanonicalStatus.ON_HOLD;
import static io.scrumops.bridge.rules.Items.change;
import static io.scrumops.bridge.rules.Items.slaPackage;
import static org.assertj.core.api.Assertions.assertThat;

class SlaClockTest {

    private static final Instant START = Instant.parse("2026-03-04T09:00:00Z");
    private static final Duration SIX_HOURS = Duration.ofHours(6);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final SlaClock clock = new SlaClock();

    private static SlaPolicy withCalendar(Set<DayOfWeek> days) {
        return new SlaPolicy("hours", Map.of(Severity.SEV1, SIX_HOURS), Set.of(ON_HOLD), List.of(0.5, 0.75),
                new BusinessHoursCalendar(BERLIN, days, LocalTime.of(8, 0), LocalTime.of(18, 0), Set.of()));
    }

    private SlaStatus evaluate(WorkItem item, List<StatusChange> history, SlaPolicy policy, Instant now) {
        return clock.evaluate(item, history, policy, now).orElseThrow();
    }

    @ParameterizedTest(name = "after {0}: {1}")
    @CsvSource({
            "PT1H,     OK,       ,     PT1H,  PT5H",
            "PT3H,     WARNING,  0.5,  PT3H,  PT3H",
            "PT4H30M,  WARNING,  0.75, PT4H30M, PT1H30M",
            "PT6H,     WARNING,  0.75, PT6H,  PT0S",
            "PT6H1S,   BREACHED, 0.75, PT6H1S, PT0S"})
    void runsRoundTheClockWithoutCalendar(Duration after, SlaState state, Double threshold, Duration elapsed,
                                          Duration remaining) {
        SlaStatus status = evaluate(slaPackage("wp", START, SIX_HOURS, IN_PROGRESS), List.of(), SlaPolicy.defaults(),
                START.plus(after));

        assertThat(status.state()).isEqualTo(state);
        assertThat(status.highestThreshold()).isEqualTo(threshold);
        assertThat(status.elapsed()).isEqualTo(elapsed);
        assertThat(status.remaining()).isEqualTo(remaining);
        assertThat(status.deadline()).isEqualTo(START.plus(SIX_HOURS));
    }

    @Test
    void stopsTheClockWhileOnHold() {
        List<StatusChange> history = List.of(
                change("wp", NEW, IN_PROGRESS, START.plus(Duration.ofMinutes(30))),
                change("wp", IN_PROGRESS, ON_HOLD, START.plus(Duration.ofHours(1))),
                change("wp", ON_HOLD, IN_PROGRESS, START.plus(Duration.ofHours(5))));
        WorkItem item = slaPackage("wp", START, SIX_HOURS, IN_PROGRESS);

        SlaStatus paused = evaluate(item, history, SlaPolicy.defaults(), START.plus(Duration.ofHours(3)));
        assertThat(paused.state()).isEqualTo(SlaState.PAUSED);
        assertThat(paused.elapsed()).isEqualTo(Duration.ofHours(1));

        SlaStatus resumed = evaluate(item, history, SlaPolicy.defaults(), START.plus(Duration.ofHours(6)));
        assertThat(resumed.state()).isEqualTo(SlaState.OK);
        assertThat(resumed.elapsed()).isEqualTo(Duration.ofHours(2));
        assertThat(resumed.deadline()).isEqualTo(START.plus(Duration.ofHours(10)));

        SlaStatus breached = evaluate(item, history, SlaPolicy.defaults(), START.plus(Duration.ofHours(11)));
        assertThat(breached.state()).isEqualTo(SlaState.BREACHED);
        assertThat(breached.breachedAt()).isEqualTo(START.plus(Duration.ofHours(10)));
    }

    @Test
    void keepsAThresholdCrossedBeforeAPause() {
        List<StatusChange> history = List.of(change("wp", IN_PROGRESS, ON_HOLD, START.plus(Duration.ofHours(4))));

        SlaStatus status = evaluate(slaPackage("wp", START, SIX_HOURS, ON_HOLD), history, SlaPolicy.defaults(),
                START.plus(Duration.ofHours(9)));

        assertThat(status.state()).isEqualTo(SlaState.PAUSED);
        assertThat(status.highestThreshold()).isEqualTo(0.5);
        assertThat(status.remaining()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void meetsTheTargetWhenResolvedInTime() {
        List<StatusChange> history = List.of(change("wp", NEW, IN_PROGRESS, START),
                change("wp", IN_PROGRESS, DONE, START.plus(Duration.ofHours(5))));

        SlaStatus status = evaluate(slaPackage("wp", START, SIX_HOURS, DONE), history, SlaPolicy.defaults(),
                START.plus(Duration.ofDays(3)));

        assertThat(status.state()).isEqualTo(SlaState.MET);
        assertThat(status.elapsed()).isEqualTo(Duration.ofHours(5));
        assertThat(status.deadline()).isNull();
    }

    @Test
    void countsAResolutionAtTheEvaluationInstant() {
        Instant resolved = START.plus(Duration.ofHours(5));
        List<StatusChange> history = List.of(change("wp", IN_PROGRESS, DONE, resolved));

        assertThat(evaluate(slaPackage("wp", START, SIX_HOURS, DONE), history, SlaPolicy.defaults(), resolved).state())
                .isEqualTo(SlaState.MET);
    }

    @Test
    void staysBreachedWhenResolvedLate() {
        List<StatusChange> history = List.of(change("wp", IN_PROGRESS, DONE, START.plus(Duration.ofHours(7))));

        SlaStatus status = evaluate(slaPackage("wp", START, SIX_HOURS, DONE), history, SlaPolicy.defaults(),
                START.plus(Duration.ofDays(1)));

        assertThat(status.state()).isEqualTo(SlaState.BREACHED);
        assertThat(status.breachedAt()).isEqualTo(START.plus(SIX_HOURS));
    }

    @Test
    void restartsTheClockWhenReopened() {
        List<StatusChange> history = List.of(
                change("wp", IN_PROGRESS, DONE, START.plus(Duration.ofHours(2))),
                change("wp", DONE, IN_PROGRESS, START.plus(Duration.ofHours(20))));

        SlaStatus status = evaluate(slaPackage("wp", START, SIX_HOURS, IN_PROGRESS), history, SlaPolicy.defaults(),
                START.plus(Duration.ofHours(22)));

        assertThat(status.elapsed()).isEqualTo(Duration.ofHours(4));
        assertThat(status.state()).isEqualTo(SlaState.WARNING);
    }

    @Test
    void readsAnUnorderedHistoryInTimeOrder() {
        List<StatusChange> ordered = List.of(
                change("wp", NEW, IN_PROGRESS, START),
                change("wp", IN_PROGRESS, ON_HOLD, START.plus(Duration.ofHours(1))),
                change("wp", ON_HOLD, IN_PROGRESS, START.plus(Duration.ofHours(2))));
        List<StatusChange> shuffled = List.of(ordered.get(2), ordered.get(0), ordered.get(1));
        WorkItem item = slaPackage("wp", START, SIX_HOURS, IN_PROGRESS);
        Instant now = START.plus(Duration.ofHours(4));

        assertThat(evaluate(item, shuffled, SlaPolicy.defaults(), now))
                .isEqualTo(evaluate(item, ordered, SlaPolicy.defaults(), now));
    }

    @Test
    void hasNoClockWithoutSlaStartAndTarget() {
        assertThat(clock.evaluate(slaPackage("wp", null, null, IN_PROGRESS), List.of(), SlaPolicy.defaults(), START))
                .isEmpty();
    }

    @Test
    void pausesOverTheWeekendUnderBusinessHours() {
        Instant fridayAfternoon = Instant.parse("2026-03-06T15:00:00Z");
        WorkItem item = slaPackage("wp", fridayAfternoon, SIX_HOURS, IN_PROGRESS);
        SlaPolicy weekdays = withCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

        SlaStatus saturday = evaluate(item, List.of(), weekdays, Instant.parse("2026-03-07T12:00:00Z"));
        assertThat(saturday.elapsed()).isEqualTo(Duration.ofHours(2));
        assertThat(saturday.deadline()).isEqualTo(Instant.parse("2026-03-09T11:00:00Z"));

        SlaStatus monday = evaluate(item, List.of(), weekdays, Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(monday.state()).isEqualTo(SlaState.BREACHED);
        assertThat(monday.breachedAt()).isEqualTo(Instant.parse("2026-03-09T11:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "spring forward in Berlin, 2026-03-28T16:00:00Z, 2026-03-29T08:00:00Z, PT3H, 2026-03-29T11:00:00Z",
            "fall back in Berlin,      2026-10-24T15:00:00Z, 2026-10-25T09:00:00Z, PT3H, 2026-10-25T12:00:00Z"})
    void followsBusinessHoursAcrossDaylightSavingChange(String name, Instant opened, Instant now, Duration elapsed,
                                                        Instant deadline) {
        SlaStatus status = evaluate(slaPackage("wp", opened, SIX_HOURS, IN_PROGRESS), List.of(),
                withCalendar(EnumSet.allOf(DayOfWeek.class)), now);

        assertThat(status.elapsed()).isEqualTo(elapsed);
        assertThat(status.deadline()).isEqualTo(deadline);
    }

    @Test
    void combinesPauseAndBusinessHours() {
        Instant mondayMorning = Instant.parse("2026-03-09T07:00:00Z");
        List<StatusChange> history = List.of(
                change("wp", IN_PROGRESS, ON_HOLD, Instant.parse("2026-03-09T09:00:00Z")),
                change("wp", ON_HOLD, IN_PROGRESS, Instant.parse("2026-03-10T09:00:00Z")));

        SlaStatus status = evaluate(slaPackage("wp", mondayMorning, SIX_HOURS, IN_PROGRESS), history,
                withCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)), Instant.parse("2026-03-10T10:00:00Z"));

        assertThat(status.elapsed()).isEqualTo(Duration.ofHours(3));
        assertThat(status.deadline()).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
    }
}
