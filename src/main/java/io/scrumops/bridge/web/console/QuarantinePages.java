package io.scrumops.bridge.web.console;

import io.scrumops.bridge.ingest.QuarantineReplayer;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.OutboxRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.QuarantineStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.util.Map;

/** Records the bridge could not take in (quarantine) and write commands that failed for good (dead letters). */
@Controller
@ConsolePage
class QuarantinePages {

    private final QuarantineRepository quarantine;
    private final QuarantineReplayer replayer;
    private final OutboxRepository outbox;
    private final AuditLogRepository audit;

    QuarantinePages(QuarantineRepository quarantine, QuarantineReplayer replayer, OutboxRepository outbox,
                    AuditLogRepository audit) {
        this.quarantine = quarantine;
        this.replayer = replayer;
        this.outbox = outbox;
        this.audit = audit;
    }

    @GetMapping("/quarantine")
    String quarantine(@RequestParam(defaultValue = "OPEN") QuarantineStatus status, Model model) {
        model.addAttribute("status", status);
        model.addAttribute("statuses", QuarantineStatus.values());
        model.addAttribute("entries", quarantine.list(status, 200));
        return "quarantine";
    }

    /** Maps the record again with the mapping files in force; the replayer writes the audit row with the user. */
    @PostMapping("/quarantine/{id}/replay")
    String replay(@PathVariable long id, Principal user, RedirectAttributes flash) {
        var result = replayer.replay(id, user.getName());
        flash.addFlashAttribute("message", result.replayed()
                ? "Record " + id + " replayed: " + result.detail()
                : "Record " + id + " still fails: " + result.detail());
        flash.addFlashAttribute("ok", result.replayed());
        return "redirect:/quarantine";
    }

    @GetMapping("/dead-letters")
    String deadLetters(Model model) {
        model.addAttribute("commands", outbox.listDead());
        return "dead-letters";
    }

    @PostMapping("/dead-letters/{id}/replay")
    String replayCommand(@PathVariable long id, Principal user, RedirectAttributes flash) {
        var command = outbox.findById(id);
        boolean requeued = command.isPresent() && outbox.requeue(id);
        if (requeued) {
            audit.record(user.getName(), "writeback.replayed", command.get().aggregateId(),
                    Map.of("outboxId", id, "command", command.get().commandType(), "via", "console"));
        }
        flash.addFlashAttribute("message", requeued ? "Command " + id + " queued again."
                : "Command " + id + " is not a dead letter any more.");
        flash.addFlashAttribute("ok", requeued);
        return "redirect:/dead-letters";
    }
}
