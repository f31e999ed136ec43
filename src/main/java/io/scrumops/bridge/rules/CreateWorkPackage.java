package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Create a work package under a story, with the SLA clock and target fixed now and for good.
 *
 * @param sourceItemId the incident or request the package was opened for, or null
 * @param slaStartedAt null when the story carries no SLA
 * @param slaTarget    null when the story carries no SLA or its policy has no target for the severity
 */
public record CreateWorkPackage(String workPackageId, String storyId, String sprintId, String title,
                                Severity severity, String category, String templateId, String issueType,
                                Set<String> labels, List<String> components, String sourceItemId,
                                Instant slaStartedAt, Duration slaTarget) implements RuleCommand {

    public CreateWorkPackage {
        Objects.requireNonNull(workPackageId, "workPackageId");
        Objects.requireNonNull(storyId, "storyId");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        components = components == null ? List.of() : List.copyOf(components);
    }

    @Override
    public String idempotencyKey() {
        return "work-package:" + workPackageId;
    }
}
