package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Severity;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for a work package under a story.
 *
 * @param workPackageId deterministic, e.g. derived from the incident it comes from, so a retry creates nothing twice
 * @param sourceItemId  the incident or request behind it, or null
 * @param openedAt      when the work arrived (the incident's opening time); the SLA clock starts there, or at
 *                      creation time when null
 */
public record NewWorkPackage(String workPackageId, String title, Severity severity, String category,
                             String sourceItemId, Instant openedAt) {

    public NewWorkPackage {
        Objects.requireNonNull(workPackageId, "workPackageId");
    }
}
