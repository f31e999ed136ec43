package io.scrumops.bridge.metrics.math;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Deployment days per Monday week, calendar month and six-month block of a window, empty periods counted as 0
 * (DevLake's deployment-frequency series). Input: the distinct days with a deployment; output: small series.
 */
public final class DeploymentDays {

    private DeploymentDays() {
    }

    /** Deployment days per week, keyed by the Monday of every week that one of the window's days falls in. */
    public static Map<LocalDate, Integer> perWeek(Collection<LocalDate> days, LocalDate first, LocalDate last) {
        return per(days, first, last, d -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                d -> d.plusWeeks(1));
    }

    /** Deployment days per calendar month touched by the window, keyed by the month's first day. */
    public static Map<LocalDate, Integer> perMonth(Collection<LocalDate> days, LocalDate first, LocalDate last) {
        return per(days, first, last, d -> d.withDayOfMonth(1), d -> d.plusMonths(1));
    }

    /** Sums of consecutive blocks of six months, from the window's first month (the last block may be shorter). */
    public static List<Integer> perSixMonths(Map<LocalDate, Integer> perMonth) {
        List<Integer> blocks = new ArrayList<>();
        int i = 0;
        int sum = 0;
        for (int value : perMonth.values()) {
            sum += value;
            if (++i % 6 == 0) {
                blocks.add(sum);
                sum = 0;
            }
        }
        if (i % 6 != 0) {
            blocks.add(sum);
        }
        return blocks;
    }

    /** Weeks of the window: the number of distinct Monday weeks its days fall in. */
    public static int weeks(LocalDate first, LocalDate last) {
        return perWeek(Set.of(), first, last).size();
    }

    static YearMonth month(LocalDate day) {
        return YearMonth.from(day);
    }

    private static Map<LocalDate, Integer> per(Collection<LocalDate> days, LocalDate first, LocalDate last,
                                               Function<LocalDate, LocalDate> start,
                                               Function<LocalDate, LocalDate> next) {
        Map<LocalDate, Integer> series = new LinkedHashMap<>();
        for (LocalDate p = start.apply(first); !p.isAfter(last); p = next.apply(p)) {
            series.put(p, 0);
        }
        for (LocalDate day : new TreeSet<>(days)) {
            if (day.isBefore(first) || day.isAfter(last)) {
                continue;
            }
            series.merge(start.apply(day), 1, Integer::sum);
        }
        return series;
    }
}
