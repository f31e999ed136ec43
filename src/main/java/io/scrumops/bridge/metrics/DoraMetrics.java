package io.scrumops.bridge.metrics;

import io.scrumops.bridge.metrics.DoraRepository.Aggregate;
import io.scrumops.bridge.metrics.DoraRepository.DayCount;
import io.scrumops.bridge.metrics.DoraRepository.Item;
import io.scrumops.bridge.metrics.DoraRepository.Pass;
import io.scrumops.bridge.metrics.DoraRepository.PeriodAggregate;
import io.scrumops.bridge.metrics.DoraRepository.Summary;
import io.scrumops.bridge.metrics.math.DeploymentDays;
import io.scrumops.bridge.metrics.math.DoraBands;
import io.scrumops.bridge.metrics.math.DoraBands.Band;
import io.scrumops.bridge.metrics.math.Medians;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/** The four keys (five figures: both restore measures) of a filter, with bands, trend and the items behind them. */
@Service
public class DoraMetrics {

    public static final List<String> METRICS = List.of("deploymentFrequency", "leadTime", "changeFailureRate",
            "timeToRestore", "failedDeploymentRecoveryTime");

    /** One figure: its value, unit, sample, bands of the 2021 and 2023 reports and the ids behind it. */
    public record Figure(String metric, Double value, String unit, long sampleSize, Map<String, Band> bands,
                         List<String> ids, boolean idsTruncated, Map<String, Object> details) {
    }

    public record Period(LocalDate period, long deployments, int deploymentDays, long failedDeployments,
                         Double changeFailureRate, Double leadTimeMinutes, Double timeToRestoreMinutes,
                         Double timeToRestoreMeanMinutes, Double recoveryTimeMinutes) {
    }

    public record Report(String profile, String project, String team, Instant from, Instant to, String granularity,
                         Map<String, Figure> metrics, List<Period> trend) {
    }

    private final DoraRepository store;

    public DoraMetrics(DoraRepository store) {
        this.store = store;
    }

    /**
     * One SQL pass per figure gives its value, trend and ids (the change-failure pass also gives the deployments:
     * one row per deployment of the window). Ids are capped at {@code idLimit}; the items endpoint pages the rest.
     */
    public Report report(MetricsFilter f, String granularity, int idLimit) {
        String unit = unit(granularity);
        boolean devlake = f.profile() == MetricsProfile.DEVLAKE;
        Map<String, Figure> figures = new LinkedHashMap<>();

        String failures = DoraRepository.changeFailures(f);
        Summary cfrPass = store.summary(failures, f, unit, idLimit, Pass.FAILURES);
        figures.put("deploymentFrequency", deploymentFrequency(f, cfrPass, idLimit));

        String lead = DoraRepository.leadTimes(f);
        Summary leadPass = store.summary(lead, f, unit, idLimit, Pass.TIMES);
        Aggregate leadAgg = leadPass.aggregate();
        Double leadValue = devlake ? leadAgg.lowerMedian() : leadAgg.median();
        figures.put("leadTime", new Figure("leadTime", leadValue, "minutes", leadAgg.count(),
                bands(DoraBands.leadTime(2021, leadValue), DoraBands.leadTime(2023, leadValue)),
                leadPass.ids(), leadAgg.count() > idLimit,
                details("mean", leadAgg.mean(), "median", leadAgg.median(), "lowerMedian", leadAgg.lowerMedian())));

        Aggregate cfr = cfrPass.aggregate();
        Double cfrValue = cfr.count() == 0 || (devlake && !store.anyIncident()) ? null : cfr.mean();
        long failed = cfr.mean() == null ? 0 : Math.round(cfr.mean() * cfr.count());
        figures.put("changeFailureRate", new Figure("changeFailureRate", cfrValue, "ratio", cfr.count(),
                bands(DoraBands.changeFailureRate(2021, cfrValue), DoraBands.changeFailureRate(2023, cfrValue)),
                cfrPass.positiveIds(), failed > idLimit,
                details("failedDeployments", failed, "deployments", cfr.count())));

        Summary restorePass = store.summary(DoraRepository.restoreTimes(f), f, unit, idLimit, Pass.TIMES);
        Aggregate mttr = restorePass.aggregate();
        Double mttrValue = devlake ? mttr.lowerMedian() : mttr.median();
        figures.put("timeToRestore", new Figure("timeToRestore", mttrValue, "minutes", mttr.count(),
                bands(DoraBands.timeToRestore(mttrValue), null), restorePass.ids(),
                mttr.count() > idLimit, details("mean", mttr.mean(), "median", mttr.median(),
                "lowerMedian", mttr.lowerMedian())));

        Summary recoveryPass = store.summary(DoraRepository.recoveryTimes(f), f, unit, idLimit,
                Pass.NULLABLE_TIMES);
        Aggregate fdrt = recoveryPass.aggregate();
        Double fdrtValue = devlake ? fdrt.lowerMedian() : fdrt.median();
        figures.put("failedDeploymentRecoveryTime", new Figure("failedDeploymentRecoveryTime", fdrtValue, "minutes",
                fdrt.count(), bands(null, DoraBands.failedDeploymentRecovery(fdrtValue)),
                recoveryPass.ids(), fdrt.count() > idLimit,
                details("mean", fdrt.mean(), "median", fdrt.median(), "lowerMedian", fdrt.lowerMedian())));

        return new Report(f.profile().name().toLowerCase(Locale.ROOT), f.project(), f.team(), f.from(), f.to(),
                unit, figures, trend(f, unit, cfrPass, leadPass, restorePass, recoveryPass));
    }

    /** The items behind one figure, for drill-down. */
    public List<Item> items(MetricsFilter f, String metric, int limit, int offset) {
        return switch (metric) {
            case "deploymentFrequency" -> store.items(DoraRepository.deployments(f), f, false, limit, offset);
            case "leadTime" -> store.items(DoraRepository.leadTimes(f), f, false, limit, offset);
            case "changeFailureRate" -> store.items(DoraRepository.changeFailures(f), f, true, limit, offset);
            case "timeToRestore" -> store.items(DoraRepository.restoreTimes(f), f, false, limit, offset);
            case "failedDeploymentRecoveryTime" -> store.items(DoraRepository.recoveryTimes(f), f, false, limit, offset);
            default -> throw new IllegalArgumentException("metric must be one of " + METRICS + ", not '" + metric + "'");
        };
    }

    private Figure deploymentFrequency(MetricsFilter f, Summary deploymentsPass, int idLimit) {
        List<DayCount> days = deploymentsPass.days();
        LocalDate first = f.from().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = f.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> deploymentDays = days.stream().map(DayCount::day).toList();
        long deployments = days.stream().mapToLong(DayCount::deployments).sum();
        Map<LocalDate, Integer> weeks = DeploymentDays.perWeek(deploymentDays, first, last);
        Map<LocalDate, Integer> months = DeploymentDays.perMonth(deploymentDays, first, last);
        List<Integer> halfYears = DeploymentDays.perSixMonths(months);
        boolean devlake = f.profile() == MetricsProfile.DEVLAKE;
        Double perWeek = devlake ? Medians.lowerMedian(weeks.values()) : Medians.median(weeks.values());
        Double perMonth = devlake ? Medians.lowerMedian(months.values()) : Medians.median(months.values());
        Double perSixMonths = devlake ? Medians.upperMedian(halfYears) : Medians.median(halfYears);
        DoraBands.DeploymentDays medians = new DoraBands.DeploymentDays(perWeek, perMonth, perSixMonths);
        long calendarDays = java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
        return new Figure("deploymentFrequency", perWeek, "deployment days per week (median)", deployments,
                bands(DoraBands.deploymentFrequency(2021, medians), DoraBands.deploymentFrequency(2023, medians)),
                deploymentsPass.ids(), deployments > idLimit,
                details("deployments", deployments, "deploymentDays", deploymentDays.size(),
                        "medianDeploymentDaysPerMonth", perMonth, "medianDeploymentDaysPerSixMonths", perSixMonths,
                        "deploymentsPerWeek", deployments * 7.0 / calendarDays,
                        "deploymentDaysPerWeek", weeks, "deploymentDaysPerMonth", months));
    }

    private List<Period> trend(MetricsFilter f, String unit, Summary failures, Summary lead, Summary restore,
                               Summary recovery) {
        boolean devlake = f.profile() == MetricsProfile.DEVLAKE;
        LocalDate first = f.from().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = f.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> days = failures.days().stream().map(DayCount::day).toList();
        Map<LocalDate, Integer> dayCounts = unit.equals("week")
                ? DeploymentDays.perWeek(days, first, last) : DeploymentDays.perMonth(days, first, last);
        Map<LocalDate, PeriodAggregate> cfr = byPeriod(failures.trend());
        Map<LocalDate, PeriodAggregate> lt = byPeriod(lead.trend());
        Map<LocalDate, PeriodAggregate> mttr = byPeriod(restore.trend());
        Map<LocalDate, PeriodAggregate> fdrt = byPeriod(recovery.trend());
        List<Period> periods = new ArrayList<>();
        for (Map.Entry<LocalDate, Integer> e : dayCounts.entrySet()) {
            LocalDate p = e.getKey();
            PeriodAggregate c = cfr.get(p);
            periods.add(new Period(p, c == null ? 0 : c.count(), e.getValue(),
                    c == null || c.sum() == null ? 0 : Math.round(c.sum()), c == null ? null : c.mean(),
                    median(lt.get(p), devlake), median(mttr.get(p), devlake),
                    mttr.get(p) == null ? null : mttr.get(p).mean(), median(fdrt.get(p), devlake)));
        }
        return periods;
    }

    private static Map<LocalDate, PeriodAggregate> byPeriod(List<PeriodAggregate> rows) {
        Map<LocalDate, PeriodAggregate> map = new TreeMap<>();
        rows.forEach(r -> map.put(r.period(), r));
        return map;
    }

    private static Double median(PeriodAggregate p, boolean devlake) {
        return p == null ? null : devlake ? p.lowerMedian() : p.median();
    }

    private static Map<String, Band> bands(Band b2021, Band b2023) {
        Map<String, Band> bands = new LinkedHashMap<>();
        if (b2021 != null) {
            bands.put("2021", b2021);
        }
        if (b2023 != null) {
            bands.put("2023", b2023);
        }
        return bands;
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String unit(String granularity) {
        if (granularity == null || granularity.isBlank() || granularity.equalsIgnoreCase("week")) {
            return "week";
        }
        if (granularity.equalsIgnoreCase("month")) {
            return "month";
        }
        throw new IllegalArgumentException("granularity must be week or month, not '" + granularity + "'");
    }
}
