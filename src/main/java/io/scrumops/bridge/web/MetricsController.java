package io.scrumops.bridge.web;

import io.scrumops.bridge.metrics.DoraMetrics;
import io.scrumops.bridge.metrics.DoraRepository;
import io.scrumops.bridge.metrics.FlowMetrics;
import io.scrumops.bridge.metrics.FlowRepository;
import io.scrumops.bridge.metrics.MetricsFilter;
import io.scrumops.bridge.metrics.math.DoraBands.Band;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DORA, flow and stage figures with the items behind each, as JSON or, with {@code Accept: text/csv}, as CSV.
 * Filters: project (its scopes), team (one team or scope), from / to (dates or ISO-8601 times, UTC). The same
 * answers are served under {@code /report/data/} for the report page, which the browser calls with its console
 * session (the API chain is stateless: Basic or bearer only).
 */
@RestController
class MetricsController {

    private static final String CSV = "text/csv";
    private static final int MAX_ITEMS = 10_000;

    private final DoraMetrics dora;
    private final FlowMetrics flow;
    private final FlowRepository flowStore;
    private final Clock clock;

    MetricsController(DoraMetrics dora, FlowMetrics flow, FlowRepository flowStore, Clock clock) {
        this.dora = dora;
        this.flow = flow;
        this.flowStore = flowStore;
        this.clock = clock;
    }

    private MetricsFilter filter(String project, String team, String from, String to, String profile) {
        return MetricsFilter.of(project, team, from, to, profile, clock.instant());
    }

    @GetMapping({"/api/metrics/dora", "/report/data/dora"})
    DoraMetrics.Report dora(@RequestParam(required = false) String project, @RequestParam(required = false) String team,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) String profile,
                            @RequestParam(required = false) String granularity,
                            @RequestParam(defaultValue = "200") int idLimit) {
        return dora.report(filter(project, team, from, to, profile), granularity, Math.min(Math.max(idLimit, 0), MAX_ITEMS));
    }

    @GetMapping(value = {"/api/metrics/dora", "/report/data/dora"}, produces = CSV)
    String doraCsv(@RequestParam(required = false) String project, @RequestParam(required = false) String team,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String profile, @RequestParam(required = false) String granularity) {
        DoraMetrics.Report report = dora.report(filter(project, team, from, to, profile), granularity, 0);
        StringBuilder csv = new StringBuilder("metric,value,unit,sample_size,band_2021,band_2023\n");
        for (DoraMetrics.Figure figure : report.metrics().values()) {
            csv.append(figure.metric()).append(',').append(number(figure.value())).append(',')
                    .append(cell(figure.unit())).append(',').append(figure.sampleSize()).append(',')
                    .append(band(figure.bands().get("2021"))).append(',').append(band(figure.bands().get("2023")))
                    .append('\n');
        }
        return csv.toString();
    }

    /** The items behind one DORA figure: deployments, changes or incidents, with their value and related id. */
    @GetMapping({"/api/metrics/dora/items", "/report/data/dora/items"})
    List<DoraRepository.Item> doraItems(@RequestParam String metric, @RequestParam(required = false) String project,
                                        @RequestParam(required = false) String team,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String profile,
                                        @RequestParam(defaultValue = "1000") int limit,
                                        @RequestParam(defaultValue = "0") int offset) {
        return dora.items(filter(project, team, from, to, profile), metric, Math.min(limit, MAX_ITEMS), Math.max(offset, 0));
    }

    @GetMapping(value = {"/api/metrics/dora/items", "/report/data/dora/items"}, produces = CSV)
    String doraItemsCsv(@RequestParam String metric, @RequestParam(required = false) String project,
                        @RequestParam(required = false) String team, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, @RequestParam(required = false) String profile,
                        @RequestParam(defaultValue = "1000") int limit, @RequestParam(defaultValue = "0") int offset) {
        StringBuilder csv = new StringBuilder("id,at,value,ref\n");
        for (DoraRepository.Item item : doraItems(metric, project, team, from, to, profile, limit, offset)) {
            csv.append(cell(item.id())).append(',').append(item.at() == null ? "" : item.at()).append(',')
                    .append(number(item.value())).append(',').append(cell(item.ref())).append('\n');
        }
        return csv.toString();
    }

    @GetMapping({"/api/metrics/flow", "/report/data/flow"})
    FlowMetrics.FlowReport flow(@RequestParam(required = false) String project,
                                @RequestParam(required = false) String team, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String granularity) {
        return flow.flow(filter(project, team, from, to, null), granularity);
    }

    @GetMapping(value = {"/api/metrics/flow", "/report/data/flow"}, produces = CSV)
    String flowCsv(@RequestParam(required = false) String project, @RequestParam(required = false) String team,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String granularity) {
        FlowMetrics.FlowReport report = flow(project, team, from, to, granularity);
        StringBuilder csv = new StringBuilder("period,flow_type,velocity,distribution,flow_time_days_median,"
                + "flow_time_days_mean,cycle_time_days_median,cycle_time_days_mean,efficiency,load_at_end\n");
        report.window().forEach(f -> flowRow(csv, "window", f));
        report.trend().forEach(p -> p.byFlowType().forEach(f -> flowRow(csv, p.period().toString(), f)));
        return csv.toString();
    }

    @GetMapping({"/api/metrics/flow/items", "/report/data/flow/items"})
    List<FlowRepository.FlowItem> flowItems(@RequestParam(required = false) String project,
                                            @RequestParam(required = false) String team,
                                            @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to,
                                            @RequestParam(required = false) String flowType,
                                            @RequestParam(defaultValue = "1000") int limit,
                                            @RequestParam(defaultValue = "0") int offset) {
        String type = flowType == null || flowType.isBlank() || flowType.equalsIgnoreCase("ALL")
                ? null : flowType.toUpperCase(Locale.ROOT);
        return flowStore.doneItems(filter(project, team, from, to, null), type, Math.min(limit, MAX_ITEMS),
                Math.max(offset, 0));
    }

    @GetMapping({"/api/metrics/stages", "/report/data/stages"})
    FlowMetrics.StageReport stages(@RequestParam(required = false) String project,
                                   @RequestParam(required = false) String team,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
        return flow.stages(filter(project, team, from, to, null));
    }

    @GetMapping(value = {"/api/metrics/stages", "/report/data/stages"}, produces = CSV)
    String stagesCsv(@RequestParam(required = false) String project, @RequestParam(required = false) String team,
                     @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        StringBuilder csv = new StringBuilder("value_stream,stage,items,active_hours,waiting_hours,total_hours,waiting_share\n");
        for (FlowMetrics.Stage s : stages(project, team, from, to).stages()) {
            csv.append(s.valueStream()).append(',').append(cell(s.stage())).append(',').append(s.items()).append(',')
                    .append(s.activeHours()).append(',').append(s.waitingHours()).append(',').append(s.totalHours())
                    .append(',').append(number(s.waitingShare())).append('\n');
        }
        return csv.toString();
    }

    @GetMapping({"/api/metrics/stages/items", "/report/data/stages/items"})
    Map<String, Object> stageItems(@RequestParam String valueStream, @RequestParam String stage,
                                   @RequestParam(required = false) String project,
                                   @RequestParam(required = false) String team,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(defaultValue = "1000") int limit,
                                   @RequestParam(defaultValue = "0") int offset) {
        return Map.of("valueStream", valueStream, "stage", stage, "items", flowStore.stageItems(
                filter(project, team, from, to, null), valueStream, stage, Math.min(limit, MAX_ITEMS), Math.max(offset, 0)));
    }

    private static void flowRow(StringBuilder csv, String period, FlowMetrics.FlowFigures f) {
        csv.append(period).append(',').append(f.flowType()).append(',').append(f.velocity()).append(',')
                .append(number(f.distribution())).append(',').append(number(f.flowTimeDaysMedian())).append(',')
                .append(number(f.flowTimeDaysMean())).append(',').append(number(f.cycleTimeDaysMedian())).append(',')
                .append(number(f.cycleTimeDaysMean())).append(',').append(number(f.efficiency())).append(',')
                .append(f.loadAtEnd() == null ? "" : f.loadAtEnd()).append('\n');
    }

    private static String band(Band band) {
        return band == null ? "" : band.level().name().toLowerCase(Locale.ROOT);
    }

    private static String number(Double value) {
        return value == null ? "" : value.toString();
    }

    /** A CSV cell, quoted when it holds a separator, a quote or a line break; formula starts are neutralised. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
