package io.scrumops.bridge.web;

import io.scrumops.bridge.alignment.PairQuery;
import io.scrumops.bridge.alignment.PairView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
@RequestMapping("/api/links")
class LinkController {

    private final PairQuery pairs;

    LinkController(PairQuery pairs) {
        this.pairs = pairs;
    }

    /** {@code ?incident=INC0010001} or {@code ?issue=OPS-42}: the pair, its last sync per field and its audit trail. */
    @GetMapping
    ResponseEntity<?> find(@RequestParam(required = false) String incident, @RequestParam(required = false) String issue) {
        if ((incident == null) == (issue == null)) {
            return ResponseEntity.badRequest().body(java.util.Map.of("error", "give exactly one of incident or issue"));
        }
        Optional<PairView> pair = incident != null ? pairs.byIncident(incident) : pairs.byIssue(issue);
        return pair.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }
}
