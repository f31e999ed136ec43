package io.scrumops.bridge.web;

import io.scrumops.bridge.rules.RefusalReason;
import io.scrumops.bridge.scrumops.EscalationOutcome;
import io.scrumops.bridge.scrumops.EscalationService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Set;

@RestController
@RequestMapping("/api/work-packages")
class WorkPackageController {

    /** Refusals about the state of things (the item, a sprint) rather than about the stories' configuration. */
    private static final Set<RefusalReason> CONFLICTS = EnumSet.of(RefusalReason.ALREADY_DONE,
            RefusalReason.TARGET_NOT_IN_ONGOING_SPRINT, RefusalReason.TARGET_ALREADY_IN_CHAIN);

    private final EscalationService escalations;

    WorkPackageController(EscalationService escalations) {
        this.escalations = escalations;
    }

    record EscalationRequest(String actor, String note) {
    }

    /** 200 with the new package and the commands; 409 or 422 with the refusal reason and the rule that refused. */
    @PostMapping("/{id}/escalate")
    ResponseEntity<EscalationOutcome> escalate(@PathVariable String id,
                                               @RequestBody(required = false) EscalationRequest request,
                                               Principal principal) {
        String actor = request != null && request.actor() != null && !request.actor().isBlank() ? request.actor()
                : principal.getName();
        EscalationOutcome outcome = escalations.escalate(id, actor, request == null ? null : request.note());
        if (outcome.escalated()) {
            return ResponseEntity.ok(outcome);
        }
        HttpStatus status = CONFLICTS.contains(outcome.reason()) ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
        return ResponseEntity.status(status).body(outcome);
    }
}
