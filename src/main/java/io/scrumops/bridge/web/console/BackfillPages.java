package io.scrumops.bridge.web.console;

import io.scrumops.bridge.ingest.BackfillJobs;
import io.scrumops.bridge.ingest.InboundSource;
import io.scrumops.bridge.store.AuditLogRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.util.Map;

/** Backfills: start one for a Jira project or a ServiceNow assignment group, watch it, resume it. */
@Controller
@ConsolePage
class BackfillPages {

    private final BackfillJobs jobs;
    private final AuditLogRepository audit;

    BackfillPages(BackfillJobs jobs, AuditLogRepository audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    @GetMapping("/backfills")
    String page(Model model) {
        model.addAttribute("jobs", jobs.recent(50));
        return "backfills";
    }

    /** The job table alone, which the page polls while jobs run. */
    @GetMapping("/backfills/table")
    String table(Model model) {
        model.addAttribute("jobs", jobs.recent(50));
        return "backfills :: table";
    }

    @PostMapping("/backfills")
    String start(@RequestParam String source, @RequestParam String scope, Principal user, RedirectAttributes flash) {
        try {
            var status = jobs.start(InboundSource.of(source), scope.trim());
            audit.record(user.getName(), "backfill.started", "backfill:" + status.id(),
                    Map.of("source", source, "scope", scope.trim(), "via", "console"));
            flash.addFlashAttribute("ok", true);
            flash.addFlashAttribute("message", "Backfill " + status.id() + " queued.");
        } catch (RuntimeException e) {
            flash.addFlashAttribute("ok", false);
            flash.addFlashAttribute("message", "Backfill not started: " + e.getMessage());
        }
        return "redirect:/backfills";
    }

    @PostMapping("/backfills/{id}/resume")
    String resume(@PathVariable String id, Principal user, RedirectAttributes flash) {
        try {
            var status = jobs.resume(id);
            audit.record(user.getName(), "backfill.resumed", "backfill:" + status.id(),
                    Map.of("resumes", id, "via", "console"));
            flash.addFlashAttribute("ok", true);
            flash.addFlashAttribute("message", "Backfill " + id + " resumed as " + status.id() + ".");
        } catch (RuntimeException e) {
            flash.addFlashAttribute("ok", false);
            flash.addFlashAttribute("message", "Backfill " + id + " not resumed: " + e.getMessage());
        }
        return "redirect:/backfills";
    }
}
