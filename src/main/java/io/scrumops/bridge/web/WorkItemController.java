package io.scrumops.bridge.web;

import io.scrumops.bridge.store.WorkItemReads;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The read API of work items: the search the console's list uses, and one item with all that is known of it. */
@RestController
@RequestMapping("/api/work-items")
class WorkItemController {

    private final WorkItemReads reads;
    private final WorkItemDetails details;

    WorkItemController(WorkItemReads reads, WorkItemDetails details) {
        this.reads = reads;
        this.details = details;
    }

    /** Newest first; {@code hasMore} tells whether {@code page + 1} has items. */
    @GetMapping
    WorkItemReads.Page search(@RequestParam(required = false) String q,
                              @RequestParam(required = false) String key,
                              @RequestParam(required = false) String system,
                              @RequestParam(required = false) String kind,
                              @RequestParam(required = false) String team,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) String severity,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                              Instant updatedSince,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "50") int size) {
        return reads.search(new WorkItemReads.Filter(q, key, system, kind, team, status, severity, updatedSince, page,
                size));
    }

    @GetMapping("/{id}")
    ResponseEntity<WorkItemDetails.Detail> item(@PathVariable String id) {
        return details.find(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }
}
