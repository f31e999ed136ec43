package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.WorkPackageAttributes;

import java.util.Objects;

/**
 * Create the next level's work package under the target story. {@code attributes} carry the unchanged SLA
 * clock and target and the whole escalation history, so every level sees every earlier one.
 */
public record CreateEscalatedWorkPackage(String workPackageId, String sourceWorkPackageId,
                                         String originalWorkPackageId, String targetStoryId, String targetSprintId,
                                         String title, WorkPackageAttributes attributes) implements RuleCommand {

    public CreateEscalatedWorkPackage {
        Objects.requireNonNull(workPackageId, "workPackageId");
        Objects.requireNonNull(sourceWorkPackageId, "sourceWorkPackageId");
        Objects.requireNonNull(attributes, "attributes");
    }

    public int level() {
        return attributes.escalationLevel();
    }

    @Override
    public String idempotencyKey() {
        return "escalate:" + sourceWorkPackageId + ":L" + level();
    }
}
