package io.scrumops.bridge.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Working time in one zone: working days, a daily window and holidays. An end of {@code 00:00} means midnight at
 * the end of the day, so {@code 00:00-00:00} on every day is round-the-clock time that still follows the zone's
 * calendar. Windows are resolved through the zone on each date, so a day on which clocks change is as long as
 * it really is (23 or 25 hours round the clock; a local window that falls in the skipped hour shrinks).
 */
public record BusinessHoursCalendar(ZoneId zone, Set<DayOfWeek> workingDays, LocalTime start, LocalTime end,
                                    Set<LocalDate> holidays) {

    private static final int MAX_DAYS_SEARCHED = 366 * 20;

    public BusinessHoursCalendar {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        workingDays = workingDays == null ? Set.of() : Set.copyOf(workingDays);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("a business-hours calendar needs at least one working day");
        }
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            throw new IllegalArgumentException("working hours end " + end + " must be after start " + start);
        }
    }

    /** Working time between two instants; zero when {@code to} is not after {@code from}. */
    public Duration workingTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        long seconds = 0;
        long nanos = 0;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate date = from.atZone(zone).toLocalDate(); !date.isAfter(last);
             date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            Instant windowStart = max(from, windowStart(date));
            Instant windowEnd = min(to, windowEnd(date));
            if (windowEnd.isAfter(windowStart)) {
                Duration d = Duration.between(windowStart, windowEnd);
                seconds += d.getSeconds();
                nanos += d.getNano();
            }
        }
        return Duration.ofSeconds(seconds, nanos);
    }

    /** The instant at which {@code amount} of working time has passed since {@code from}. */
    public Instant plusWorkingTime(Instant from, Duration amount) {
        if (amount.isZero() || amount.isNegative()) {
            return from;
        }
        Duration left = amount;
        LocalDate date = from.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            Instant windowStart = max(from, windowStart(date));
            Instant windowEnd = windowEnd(date);
            if (!windowEnd.isAfter(windowStart)) {
                continue;
            }
            Duration available = Duration.between(windowStart, windowEnd);
            if (available.compareTo(left) >= 0) {
                return windowStart.plus(left);
            }
            left = left.minus(available);
        }
        throw new IllegalStateException("no working time found within " + MAX_DAYS_SEARCHED + " days of " + from);
    }

    public boolean isWorkingDay(LocalDate date) {
        return workingDays.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    private Instant windowStart(LocalDate date) {
        return date.atTime(start).atZone(zone).toInstant();
    }

    private Instant windowEnd(LocalDate date) {
        return end.equals(LocalTime.MIDNIGHT)
                ? date.plusDays(1).atStartOfDay(zone).toInstant()
                : date.atTime(end).atZone(zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
