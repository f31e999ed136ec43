package io.scrumops.bridge.web;

import io.scrumops.bridge.gates.GateHistoryEntry;
import io.scrumops.bridge.gates.GateService;
import io.scrumops.bridge.gates.ReleaseViews;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Releases with their phases and gates, the history of each gate's verdict, and the release manager's sign-off
 * (POST) and its withdrawal (DELETE), audited with the signed-in user. Sign-off takes the RELEASE_MANAGER role (the
 * access table in the security configuration); reading takes VIEWER.
 */
@RestController
@RequestMapping("/api/releases")
class ReleaseController {

    private final ReleaseViews views;
    private final GateService gates;

    ReleaseController(ReleaseViews views, GateService gates) {
        this.views = views;
        this.gates = gates;
    }

    @GetMapping
    List<ReleaseViews.Summary> list() {
        return views.list();
    }

    @GetMapping("/{id}")
    ReleaseViews.Detail detail(@PathVariable String id) {
        return views.detail(id);
    }

    @GetMapping("/{id}/history")
    List<GateHistoryEntry> history(@PathVariable String id) {
        return views.history(id);
    }

    record SignOffRequest(String comment) {
    }

    @PostMapping("/{id}/gates/{gate}/sign-off")
    ResponseEntity<?> signOff(@PathVariable String id, @PathVariable String gate,
                              @RequestBody(required = false) SignOffRequest request, Authentication user) {
        return answer(id, gate, gates.signOff(id, gate, user.getName(), request == null ? null : request.comment()));
    }

    @DeleteMapping("/{id}/gates/{gate}/sign-off")
    ResponseEntity<?> withdraw(@PathVariable String id, @PathVariable String gate,
                               @RequestBody(required = false) SignOffRequest request, Authentication user) {
        return answer(id, gate, gates.withdraw(id, gate, user.getName(), request == null ? null : request.comment()));
    }

    private ResponseEntity<?> answer(String id, String gate, GateService.SignOffOutcome outcome) {
        return switch (outcome) {
            case SIGNED, WITHDRAWN -> ResponseEntity.ok(views.detail(id).phases().stream()
                    .flatMap(p -> p.gates().stream()).filter(g -> g.id().equals(gate)).findFirst().orElseThrow());
            case NO_SUCH_GATE -> problem(HttpStatus.NOT_FOUND, "release " + id + " has no gate " + gate);
            case NOT_SIGNED -> problem(HttpStatus.NOT_FOUND, "gate " + gate + " of release " + id + " is not signed off");
            case NO_SIGN_OFF_CRITERION -> problem(HttpStatus.CONFLICT,
                    "gate " + gate + " of release " + id + " has no sign-off criterion");
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
