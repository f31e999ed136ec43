package io.scrumops.bridge.web.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.gates.GateService;
import io.scrumops.bridge.gates.ReleaseViews;
import io.scrumops.bridge.model.GateVerdict;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The release manager's page: releases on a timeline with their phases (coloured by the worst verdict of the phase's
 * gates), each gate's state with the items that block it (linked into Jira and ServiceNow), and the sign-off form.
 */
@Controller
@ConsolePage
class ReleasesPageController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReleaseViews views;
    private final GateService gates;

    ReleasesPageController(ReleaseViews views, GateService gates) {
        this.views = views;
        this.gates = gates;
    }

    @GetMapping("/releases")
    String releases(Model model) throws JsonProcessingException {
        List<ReleaseViews.Summary> all = views.list();
        List<ReleaseViews.Detail> details = new ArrayList<>();
        for (ReleaseViews.Summary summary : all) {
            details.add(views.detail(summary.id()));
        }
        model.addAttribute("releases", details);
        model.addAttribute("timeline", JSON.writeValueAsString(timeline(details)));
        return "releases";
    }

    @PostMapping("/releases/{id}/gates/{gate}/sign-off")
    String signOff(@PathVariable String id, @PathVariable String gate, @RequestParam(required = false) String comment,
                   Authentication user, RedirectAttributes redirect) {
        GateService.SignOffOutcome outcome = gates.signOff(id, gate, user.getName(), comment);
        redirect.addFlashAttribute("notice", switch (outcome) {
            case SIGNED -> "Gate " + gate + " signed off.";
            case NO_SIGN_OFF_CRITERION -> "Gate " + gate + " takes no sign-off.";
            default -> "No gate " + gate + " on that release.";
        });
        return "redirect:/releases#" + anchor(id);
    }

    @PostMapping("/releases/{id}/gates/{gate}/withdraw")
    String withdraw(@PathVariable String id, @PathVariable String gate, @RequestParam(required = false) String comment,
                    Authentication user, RedirectAttributes redirect) {
        GateService.SignOffOutcome outcome = gates.withdraw(id, gate, user.getName(), comment);
        redirect.addFlashAttribute("notice", outcome == GateService.SignOffOutcome.WITHDRAWN
                ? "Sign-off of gate " + gate + " withdrawn." : "Gate " + gate + " was not signed off.");
        return "redirect:/releases#" + anchor(id);
    }

    static String anchor(String id) {
        return UriUtils.encodeFragment(id.replace(':', '-'), StandardCharsets.UTF_8);
    }

    /** One row per release, one bar per phase with planned dates, coloured by the worst verdict of its gates. */
    private static List<Map<String, Object>> timeline(List<ReleaseViews.Detail> releases) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReleaseViews.Detail release : releases) {
            for (ReleaseViews.PhaseView phase : release.phases()) {
                if (phase.plannedStart() == null || phase.plannedEnd() == null) {
                    continue;
                }
                Map<String, Object> bar = new LinkedHashMap<>();
                bar.put("release", release.title());
                bar.put("phase", phase.name());
                bar.put("start", phase.plannedStart().toEpochMilli());
                bar.put("end", phase.plannedEnd().toEpochMilli());
                bar.put("state", worst(phase));
                rows.add(bar);
            }
        }
        return rows;
    }

    private static String worst(ReleaseViews.PhaseView phase) {
        if (phase.gates().stream().anyMatch(g -> g.verdict() == GateVerdict.BLOCKED)) {
            return "blocked";
        }
        if (phase.gates().isEmpty() || phase.gates().stream().anyMatch(g -> g.verdict() == GateVerdict.PENDING)) {
            return "pending";
        }
        return "ok";
    }

}
