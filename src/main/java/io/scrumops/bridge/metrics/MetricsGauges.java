package io.scrumops.bridge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * DORA and flow gauges per project and per team (default profile, trailing window), computed by the metrics-refresh
 * route and only read by a scrape.
 */
@Component("metricsGauges")
public class MetricsGauges {

    private final DoraMetrics dora;
    private final FlowMetrics flow;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration window;
    private final Map<String, MultiGauge> gauges;

    public MetricsGauges(MeterRegistry registry, DoraMetrics dora, FlowMetrics flow, DataSource dataSource, Clock clock,
                         @Value("${scrumops.metrics.gauge-window-days:30}") int windowDays) {
        this.dora = dora;
        this.flow = flow;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.window = Duration.ofDays(windowDays);
        this.gauges = Map.of(
                "deployments", gauge(registry, "scrumops.dora.deployments", null, "successful production deployments in the window"),
                "leadTime", gauge(registry, "scrumops.dora.lead.time", "seconds", "median lead time for changes"),
                "changeFailureRate", gauge(registry, "scrumops.dora.change.failure.rate", null, "failed / all production deployments"),
                "timeToRestore", gauge(registry, "scrumops.dora.time.to.restore", "seconds", "median incident open to resolved"),
                "recovery", gauge(registry, "scrumops.dora.failed.deployment.recovery", "seconds", "median deployment finish to incident resolved"),
                "velocity", gauge(registry, "scrumops.flow.velocity", null, "items done in the window"),
                "load", gauge(registry, "scrumops.flow.load", null, "items in progress at the window's end"),
                "efficiency", gauge(registry, "scrumops.flow.efficiency", null, "active share of flow time"));
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String unit, String description) {
        MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        return builder.register(registry);
    }

    /** @return a one-line summary for the route's log */
    public String refresh() {
        List<String[]> keys = new ArrayList<>();
        jdbc.sql("select distinct project from metric_scope order by 1").query(String.class).list()
                .forEach(p -> keys.add(new String[] {p, null}));
        jdbc.sql("select distinct team from work_item where team is not null order by 1").query(String.class).list()
                .forEach(t -> keys.add(new String[] {null, t}));
        Map<String, List<MultiGauge.Row<?>>> rows = new java.util.HashMap<>();
        gauges.keySet().forEach(k -> rows.put(k, new ArrayList<>()));
        String to = clock.instant().toString();
        String from = clock.instant().minus(window).toString();
        for (String[] key : keys) {
            MetricsFilter f = MetricsFilter.of(key[0], key[1], from, to, "default", clock.instant());
            Tags tags = Tags.of("project", key[0] == null ? "" : key[0], "team", key[1] == null ? "" : key[1]);
            Map<String, DoraMetrics.Figure> figures = dora.report(f, "month", 0).metrics();
            add(rows, "deployments", tags, (double) figures.get("deploymentFrequency").sampleSize());
            add(rows, "leadTime", tags, minutesToSeconds(figures.get("leadTime").value()));
            add(rows, "changeFailureRate", tags, figures.get("changeFailureRate").value());
            add(rows, "timeToRestore", tags, minutesToSeconds(figures.get("timeToRestore").value()));
            add(rows, "recovery", tags, minutesToSeconds(figures.get("failedDeploymentRecoveryTime").value()));
            FlowMetrics.FlowFigures all = flow.flow(f, "month").window().get(0);
            add(rows, "velocity", tags, (double) all.velocity());
            add(rows, "load", tags, all.loadAtEnd() == null ? null : all.loadAtEnd().doubleValue());
            add(rows, "efficiency", tags, all.efficiency());
        }
        rows.forEach((name, list) -> gauges.get(name).register(list, true));
        return "metrics gauges refreshed for " + keys.size() + " projects and teams";
    }

    private static Double minutesToSeconds(Double minutes) {
        return minutes == null ? null : minutes * 60;
    }

    private static void add(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, Double value) {
        if (value != null) {
            rows.get(name).add(MultiGauge.Row.of(tags, value));
        }
    }
}
