package io.scrumops.bridge.model;

import java.time.Instant;

/** One status transition of a work item, as its source's history reports it; flow and cycle times come from these. */
public record StatusChange(String workItemId, CanonicalStatus from, CanonicalStatus to, String sourceFrom,
                           String sourceTo, Instant at, String author) {
}
