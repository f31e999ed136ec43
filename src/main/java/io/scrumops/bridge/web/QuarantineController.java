package io.scrumops.bridge.web;

import io.scrumops.bridge.ingest.QuarantineReplayer;
import io.scrumops.bridge.store.QuarantineEntry;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.QuarantineStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

@RestController
@RequestMapping("/api/quarantine")
class QuarantineController {

    private final QuarantineRepository quarantine;
    private final QuarantineReplayer replayer;

    QuarantineController(QuarantineRepository quarantine, QuarantineReplayer replayer) {
        this.quarantine = quarantine;
        this.replayer = replayer;
    }

    @GetMapping
    List<QuarantineEntry> list(@RequestParam(defaultValue = "OPEN") QuarantineStatus status,
                               @RequestParam(defaultValue = "100") int limit) {
        return quarantine.list(status, Math.min(limit, 1000));
    }

    @PostMapping("/{id}/replay")
    ResponseEntity<QuarantineReplayer.ReplayResult> replay(@PathVariable long id, Principal principal) {
        var result = replayer.replay(id, principal.getName());
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(result);
    }
}
