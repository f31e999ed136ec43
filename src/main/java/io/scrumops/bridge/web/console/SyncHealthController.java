package io.scrumops.bridge.web.console;

import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.observability.PipelineGauges;
import io.scrumops.bridge.writeback.RemoteCallGates;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Home: the state of the pipeline and of each remote system at a glance; the figures refresh themselves. */
@Controller
@ConsolePage
class SyncHealthController {

    private static final List<SourceSystem> REMOTES = List.of(SourceSystem.JIRA, SourceSystem.SERVICENOW);

    private final PipelineGauges gauges;
    private final RemoteCallGates gates;

    SyncHealthController(PipelineGauges gauges, RemoteCallGates gates) {
        this.gauges = gauges;
        this.gates = gates;
    }

    @GetMapping("/")
    String home(Model model) {
        figures(model);
        return "home";
    }

    /** The figures alone, for the page's polling. */
    @GetMapping("/health/figures")
    String figuresFragment(Model model) {
        figures(model);
        return "home :: figures";
    }

    private void figures(Model model) {
        model.addAttribute("backlog", gauges.current());
        Map<String, Instant> paused = new LinkedHashMap<>();
        for (SourceSystem system : REMOTES) {
            paused.put(system.code(), gates.of(system).pausedUntil().orElse(null));
        }
        model.addAttribute("paused", paused);
        model.addAttribute("readAt", Instant.now());
    }
}
