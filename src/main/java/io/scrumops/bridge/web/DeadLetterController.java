package io.scrumops.bridge.web;

import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.OutboxCommand;
import io.scrumops.bridge.store.OutboxRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/** Write-back commands that failed for good, with the remote's error; replay puts one back in line. */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    private final OutboxRepository outbox;
    private final AuditLogRepository audit;

    DeadLetterController(OutboxRepository outbox, AuditLogRepository audit) {
        this.outbox = outbox;
        this.audit = audit;
    }

    @GetMapping
    List<OutboxCommand> list() {
        return outbox.listDead();
    }

    @PostMapping("/{id}/replay")
    ResponseEntity<Map<String, Object>> replay(@PathVariable long id, Principal principal) {
        var command = outbox.findById(id);
        if (command.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        if (!outbox.requeue(id)) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("id", id, "replayed", false, "status", command.get().status().name()));
        }
        audit.record(principal.getName(), "writeback.replayed", command.get().aggregateId(),
                Map.of("outboxId", id, "command", command.get().commandType()));
        return ResponseEntity.ok(Map.of("id", id, "replayed", true));
    }
}
