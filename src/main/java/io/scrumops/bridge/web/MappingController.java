package io.scrumops.bridge.web;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.ingest.MappingPreview;
import io.scrumops.bridge.store.AuditLogRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.Map;

@RestController
@RequestMapping("/api/mappings")
class MappingController {

    private final MappingPreview preview;
    private final MappingRegistry registry;
    private final AuditLogRepository audit;

    MappingController(MappingPreview preview, MappingRegistry registry, AuditLogRepository audit) {
        this.preview = preview;
        this.registry = registry;
        this.audit = audit;
    }

    /** Dry run of the mapping files in force on one recorded payload; nothing is stored or sent. */
    @PostMapping("/preview")
    ResponseEntity<MappingPreview.PreviewResult> preview(@RequestParam String source, @RequestBody String payload,
                                                         @RequestHeader Map<String, String> headers) {
        var result = preview.preview(source, payload, headers);
        return ResponseEntity.status(result.ok() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(result);
    }

    /** Reads the mapping files again; a file with an error leaves the set in force untouched. */
    @PostMapping("/reload")
    ResponseEntity<Map<String, Object>> reload(Principal user) {
        var result = registry.reload();
        audit.record(user.getName(), "mapping.reloaded", "mappings",
                result.error().<Map<String, Object>>map(e -> Map.of("applied", false, "error", e.getMessage()))
                        .orElseGet(() -> Map.of("applied", true)));
        return result.error()
                .<ResponseEntity<Map<String, Object>>>map(e -> ResponseEntity.unprocessableEntity()
                        .body(Map.of("applied", false, "error", e.getMessage())))
                .orElseGet(() -> ResponseEntity.ok(Map.of("applied", true,
                        "loadedAt", result.inForce().loadedAt().toString())));
    }
}
