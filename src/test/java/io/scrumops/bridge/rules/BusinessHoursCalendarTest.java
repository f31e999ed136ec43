package io.scrumops.bridge.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessHoursCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final BusinessHoursCalendar WEEKDAYS = new BusinessHoursCalendar(BERLIN,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0),
            Set.of(LocalDate.of(2026, 4, 3)));
    private static final BusinessHoursCalendar EVERY_DAY = new BusinessHoursCalendar(BERLIN,
            EnumSet.allOf(DayOfWeek.class), LocalTime.of(8, 0), LocalTime.of(18, 0), Set.of());
    private static final BusinessHoursCalendar ROUND_THE_CLOCK = new BusinessHoursCalendar(BERLIN,
            EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, Set.of());

    @ParameterizedTest(name = "{0}: {1} .. {2} = {3}")
    @CsvSource({
            "within one day,          2026-03-04T09:00:00Z, 2026-03-04T12:00:00Z, PT3H",
            "before opening,          2026-03-04T05:00:00Z, 2026-03-04T08:00:00Z, PT1H",
            "after closing,           2026-03-04T17:30:00Z, 2026-03-05T07:30:00Z, PT30M",
            "over the weekend,        2026-03-06T15:00:00Z, 2026-03-09T09:00:00Z, PT4H",
            "whole weekend only,      2026-03-07T00:00:00Z, 2026-03-08T23:00:00Z, PT0S",
            "full week,               2026-03-09T00:00:00Z, 2026-03-16T00:00:00Z, PT50H",
            "over Good Friday,        2026-04-02T15:00:00Z, 2026-04-06T07:00:00Z, PT2H",
            "reversed interval,       2026-03-04T12:00:00Z, 2026-03-04T09:00:00Z, PT0S"})
    void countsOnlyWorkingTime(String name, Instant from, Instant to, Duration expected) {
        assertThat(WEEKDAYS.workingTimeBetween(from, to)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "spring forward (Berlin 29 March 2026), 2026-03-28T16:00:00Z, 2026-03-29T08:00:00Z, PT3H",
            "fall back (Berlin 25 October 2026),    2026-10-24T15:00:00Z, 2026-10-25T09:00:00Z, PT3H"})
    void followsLocalOpeningHoursAcrossDaylightSavingChanges(String name, Instant from, Instant to, Duration expected) {
        assertThat(EVERY_DAY.workingTimeBetween(from, to)).isEqualTo(expected);
    }

    @Test
    void countsTheRealLengthOfADaylightSavingDayRoundTheClock() {
        assertThat(ROUND_THE_CLOCK.workingTimeBetween(Instant.parse("2026-03-28T23:00:00Z"),
                Instant.parse("2026-03-29T22:00:00Z"))).isEqualTo(Duration.ofHours(23));
        assertThat(ROUND_THE_CLOCK.workingTimeBetween(Instant.parse("2026-10-24T22:00:00Z"),
                Instant.parse("2026-10-25T23:00:00Z"))).isEqualTo(Duration.ofHours(25));
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
            "2026-03-06T15:00:00Z, PT6H,  2026-03-09T11:00:00Z",
            "2026-03-07T10:00:00Z, PT1H,  2026-03-09T08:00:00Z",
            "2026-03-04T16:00:00Z, PT1H,  2026-03-04T17:00:00Z",
            "2026-03-04T16:00:00Z, PT2H,  2026-03-05T08:00:00Z",
            "2026-04-02T15:00:00Z, PT2H,  2026-04-06T07:00:00Z",
            "2026-03-04T09:00:00Z, PT0S,  2026-03-04T09:00:00Z"})
    void addsWorkingTimeSkippingNightsWeekendsAndHolidays(Instant from, Duration amount, Instant expected) {
        assertThat(WEEKDAYS.plusWorkingTime(from, amount)).isEqualTo(expected);
    }

    @Test
    void addingAndMeasuringWorkingTimeAgree() {
        Instant from = Instant.parse("2026-03-20T13:17:00Z");
        for (int hours = 1; hours < 80; hours += 7) {
            Instant end = EVERY_DAY.plusWorkingTime(from, Duration.ofHours(hours));
            assertThat(EVERY_DAY.workingTimeBetween(from, end)).isEqualTo(Duration.ofHours(hours));
        }
    }

    @Test
    void refusesAWindowThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> new BusinessHoursCalendar(BERLIN, EnumSet.of(DayOfWeek.MONDAY),
                LocalTime.of(18, 0), LocalTime.of(8, 0), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
