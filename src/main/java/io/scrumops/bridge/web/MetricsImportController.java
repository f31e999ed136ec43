package io.scrumops.bridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.metrics.MetricsImportDocument;
import io.scrumops.bridge.metrics.MetricsImportRepository;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** History for the metrics: deployments with their commits, incidents, changes and project scopes. */
@RestController
class MetricsImportController {

    private final MetricsImportRepository store;

    MetricsImportController(MetricsImportRepository store) {
        this.store = store;
    }

    /** An invalid document is refused whole (422, each error with its JSON path); a valid one is stored at once. */
    @PostMapping("/api/import")
    ResponseEntity<?> importHistory(@RequestBody JsonNode document) {
        MetricsImportDocument.Reading reading = MetricsImportDocument.read(document, store::deploymentExists);
        if (!reading.valid()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                    reading.errors().size() + " error(s); nothing was imported");
            problem.setProperty("errors", reading.errors());
            return ResponseEntity.unprocessableEntity().body(problem);
        }
        Map<String, Integer> changed = store.store(reading.contents());
        return ResponseEntity.ok(Map.of("changed", changed));
    }
}
