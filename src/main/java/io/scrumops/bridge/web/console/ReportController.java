package io.scrumops.bridge.web.console;

import io.scrumops.bridge.metrics.DoraMetrics;
import io.scrumops.bridge.metrics.DoraRepository;
import io.scrumops.bridge.metrics.FlowMetrics;
import io.scrumops.bridge.metrics.MetricsFilter;
import io.scrumops.bridge.metrics.MetricsProfile;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The leaders' value-stream report: the DORA keys with their bands, trend, distributions, flow distribution and stage
 * map, filtered by project, team and period; every figure opens the items behind it (report.js, from /api/metrics).
 */
@Controller
@ConsolePage
class ReportController {

    static final Map<String, String> NAMES = Map.of(
            "deploymentFrequency", "Deployment frequency",
            "leadTime", "Lead time for changes",
            "changeFailureRate", "Change failure rate",
            "timeToRestore", "Time to restore (2021)",
            "failedDeploymentRecoveryTime", "Failed deployment recovery (2023)");

    private final DoraMetrics dora;
    private final DoraRepository doraStore;
    private final FlowMetrics flow;
    private final Clock clock;

    ReportController(DoraMetrics dora, DoraRepository doraStore, FlowMetrics flow, Clock clock) {
        this.dora = dora;
        this.doraStore = doraStore;
        this.flow = flow;
        this.clock = clock;
    }

    @GetMapping("/report")
    String report(@RequestParam(required = false) String project, @RequestParam(required = false) String team,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) String profile,
                  @RequestParam(required = false) String granularity, Model model) {
        MetricsFilter filter = MetricsFilter.of(project, team, from, to, profile, clock.instant());
        String unit = granularity != null && granularity.equalsIgnoreCase("month") ? "month" : "week";
        DoraMetrics.Report report = dora.report(filter, unit, 0);
        List<DoraMetrics.Figure> keys = new ArrayList<>(report.metrics().values());
        Map<String, String> formatted = new LinkedHashMap<>();
        keys.forEach(k -> formatted.put(k.metric(), format(k)));
        Map<String, String> conventions = new LinkedHashMap<>();
        keys.forEach(k -> conventions.put(k.metric(), convention(k, filter.profile())));
        model.addAttribute("filter", filter);
        model.addAttribute("projects", doraStore.projects());
        model.addAttribute("fromDate", filter.from().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        model.addAttribute("toDate", filter.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate().toString());
        model.addAttribute("profile", filter.profile().name().toLowerCase(Locale.ROOT));
        model.addAttribute("granularity", unit);
        model.addAttribute("keys", keys);
        model.addAttribute("names", NAMES);
        model.addAttribute("formatted", formatted);
        model.addAttribute("conventions", conventions);
        model.addAttribute("flow", flow.flow(filter, unit));
        model.addAttribute("stages", flow.stages(filter));
        return "report";
    }

    /** As a leader reads it: hours for times, a percentage for the failure rate, days per week for frequency. */
    static String format(DoraMetrics.Figure figure) {
        Double v = figure.value();
        if (v == null) {
            return "—";
        }
        return switch (figure.metric()) {
            case "changeFailureRate" -> String.format(Locale.ROOT, "%.1f %%", v * 100);
            case "deploymentFrequency" -> String.format(Locale.ROOT, "%.1f days/week", v);
            default -> String.format(Locale.ROOT, "%.1f h", v / 60);
        };
    }

    /**
     * Which convention produced a figure, shown under it: the same data reads differently under each profile (DevLake's
     * lower median of deployment days per week is 0.0 over a window of mostly empty weeks).
     */
    static String convention(DoraMetrics.Figure figure, MetricsProfile profile) {
        boolean devlake = profile == MetricsProfile.DEVLAKE;
        String median = devlake ? "lower median" : "median";
        String who = devlake ? "DevLake" : "default";
        return switch (figure.metric()) {
            case "deploymentFrequency" -> {
                int weeks = figure.details() != null && figure.details().get("deploymentDaysPerWeek") instanceof Map<?, ?> m
                        ? m.size() : 0;
                yield String.format(Locale.ROOT, "%s of deployment days per week, %s (%d Monday weeks, empty ones as 0)",
                        median, who, weeks);
            }
            case "leadTime" -> median + (devlake ? " per merged pull request" : " per change")
                    + ", first commit to first production deployment, " + who;
            case "changeFailureRate" -> "deployments with an incident / deployments, " + who;
            case "timeToRestore" -> median + " per incident, created to resolved, " + who;
            case "failedDeploymentRecoveryTime" -> median + " per incident, deployment finished to resolved, " + who;
            default -> who;
        };
    }
}
