package io.scrumops.bridge.web;

import io.scrumops.bridge.ingest.BackfillJobs;
import io.scrumops.bridge.ingest.InboundSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.NoSuchElementException;

/** Imports a Jira project's or a ServiceNow assignment group's history in the background. */
@RestController
@RequestMapping("/api/backfill")
class BackfillController {

    private final BackfillJobs jobs;

    BackfillController(BackfillJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping
    ResponseEntity<BackfillJobs.Status> start(@RequestParam String source,
                                              @RequestParam(required = false) String project,
                                              @RequestParam(required = false) String assignmentGroup) {
        InboundSource system = InboundSource.of(source);
        var status = jobs.start(system, system == InboundSource.JIRA ? project : assignmentGroup);
        return ResponseEntity.accepted().location(URI.create("/api/backfill/" + status.id())).body(status);
    }

    /** 202 with the new job; 404 for an unknown job; 409 when the job is not interrupted or failed. */
    @PostMapping("/{id}/resume")
    ResponseEntity<BackfillJobs.Status> resume(@PathVariable String id) {
        var status = jobs.resume(id);
        return ResponseEntity.accepted().location(URI.create("/api/backfill/" + status.id())).body(status);
    }

    @GetMapping("/{id}")
    BackfillJobs.Status status(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new NoSuchElementException("no backfill " + id));
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail notConnected(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
