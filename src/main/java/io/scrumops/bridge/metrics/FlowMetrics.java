package io.scrumops.bridge.metrics;

import io.scrumops.bridge.metrics.FlowRepository.DoneRow;
import io.scrumops.bridge.metrics.FlowRepository.LoadRow;
import io.scrumops.bridge.metrics.FlowRepository.StageRow;
import io.scrumops.bridge.metrics.math.DeploymentDays;
import io.scrumops.bridge.metrics.math.FlowLoad;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/** Flow Framework metrics and the value-stream stage map of a filter. */
@Service
public class FlowMetrics {

    /** Figures of one flow type (or of all, flowType "ALL") over the window or one period. */
    public record FlowFigures(String flowType, long velocity, Double distribution, Double flowTimeDaysMedian,
                              Double flowTimeDaysMean, Double cycleTimeDaysMedian, Double cycleTimeDaysMean,
                              Double efficiency, Long loadAtEnd) {
    }

    public record FlowPeriod(LocalDate period, List<FlowFigures> byFlowType) {
    }

    public record FlowReport(String project, String team, Instant from, Instant to, String granularity,
                             List<FlowFigures> window, List<FlowPeriod> trend) {
    }

    public record Stage(String valueStream, String stage, long items, double activeHours, double waitingHours,
                        double totalHours, Double waitingShare) {
    }

    public record StageReport(String project, String team, Instant from, Instant to, List<Stage> stages) {
    }

    private final FlowRepository store;
    private final Clock clock;

    public FlowMetrics(FlowRepository store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public FlowReport flow(MetricsFilter f, String granularity) {
        String unit = DoraMetrics.unit(granularity);
        List<DoneRow> done = store.done(f, unit);
        LocalDate first = f.from().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = f.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> periods = new ArrayList<>((unit.equals("week")
                ? DeploymentDays.perWeek(Set.of(), first, last) : DeploymentDays.perMonth(Set.of(), first, last)).keySet());
        Map<String, Long> atStart = store.loadAtStart(f);
        List<LoadRow> moves = store.loadMoves(f, unit);
        Set<String> types = new TreeSet<>(atStart.keySet());
        done.stream().map(DoneRow::flowType).filter(t -> t != null).forEach(types::add);
        moves.forEach(m -> types.add(m.flowType()));
        Map<String, Map<LocalDate, Long>> load = new LinkedHashMap<>();
        Map<LocalDate, Long> totalLoad = new LinkedHashMap<>();
        for (String type : types) {
            Map<LocalDate, Long> series = FlowLoad.atPeriodEnds(atStart.getOrDefault(type, 0L), periods,
                    moves.stream().filter(m -> m.flowType().equals(type))
                            .map(m -> new FlowLoad.Move(m.period(), m.started(), m.done())).toList());
            load.put(type, series);
            series.forEach((p, v) -> totalLoad.merge(p, v, Long::sum));
        }
        LocalDate lastPeriod = periods.isEmpty() ? null : periods.get(periods.size() - 1);
        long allDone = done.stream().filter(r -> r.period() == null && r.flowType() == null)
                .mapToLong(DoneRow::items).sum();
        List<FlowFigures> window = new ArrayList<>();
        window.add(figures("ALL", find(done, null, null), allDone, totalLoad.get(lastPeriod)));
        for (String type : types) {
            window.add(figures(type, find(done, null, type), allDone, load.get(type).get(lastPeriod)));
        }
        List<FlowPeriod> trend = new ArrayList<>();
        for (LocalDate period : periods) {
            long periodDone = done.stream().filter(r -> period.equals(r.period())).mapToLong(DoneRow::items).sum();
            List<FlowFigures> byType = new ArrayList<>();
            for (String type : types) {
                byType.add(figures(type, find(done, period, type), periodDone, load.get(type).get(period)));
            }
            trend.add(new FlowPeriod(period, byType));
        }
        return new FlowReport(f.project(), f.team(), f.from(), f.to(), unit, window, trend);
    }

    public StageReport stages(MetricsFilter f) {
        Map<String, double[]> byStage = new LinkedHashMap<>();
        Map<String, Long> items = new LinkedHashMap<>();
        for (StageRow row : store.stages(f, clock.instant())) {
            String key = row.valueStream() + "\n" + row.stage();
            double[] seconds = byStage.computeIfAbsent(key, k -> new double[2]);
            seconds[row.active() ? 0 : 1] += row.seconds();
            items.merge(key, row.items(), Math::max);
        }
        List<Stage> stages = new ArrayList<>();
        byStage.forEach((key, seconds) -> {
            String[] parts = key.split("\n", 2);
            double total = seconds[0] + seconds[1];
            stages.add(new Stage(parts[0], parts[1], items.get(key), seconds[0] / 3600, seconds[1] / 3600, total / 3600,
                    total <= 0 ? null : seconds[1] / total));
        });
        stages.sort(java.util.Comparator.comparing((Stage s) -> streamOrder(s.valueStream()))
                .thenComparing(s -> stageOrder(s.valueStream(), s.stage())));
        return new StageReport(f.project(), f.team(), f.from(), f.to(), stages);
    }

    private static int streamOrder(String stream) {
        return switch (stream) {
            case "INTEGRATE" -> 0;
            case "DEPLOY" -> 1;
            case "OPERATE" -> 2;
            default -> 3;
        };
    }

    private static int stageOrder(String stream, String stage) {
        List<String> order = io.scrumops.bridge.mapping.JiraMapping.VALUE_STREAMS.get(stream);
        int i = order == null ? -1 : order.indexOf(stage);
        return i < 0 ? 99 : i;
    }

    private static DoneRow find(List<DoneRow> rows, LocalDate period, String type) {
        for (DoneRow row : rows) {
            if (java.util.Objects.equals(row.period(), period) && java.util.Objects.equals(row.flowType(), type)) {
                return row;
            }
        }
        return null;
    }

    private static FlowFigures figures(String type, DoneRow row, long allDone, Long load) {
        if (row == null) {
            return new FlowFigures(type, 0, allDone == 0 ? null : 0.0, null, null, null, null, null, load);
        }
        return new FlowFigures(type, row.items(), allDone == 0 ? null : (double) row.items() / allDone,
                row.flowTimeDaysMedian(), row.flowTimeDaysMean(), row.cycleTimeDaysMedian(), row.cycleTimeDaysMean(),
                FlowLoad.efficiency(row.activeSeconds(), row.flowSeconds()), load);
    }
}
