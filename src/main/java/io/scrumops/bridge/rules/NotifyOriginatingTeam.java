package io.scrumops.bridge.rules;

import java.util.Objects;

/** Tell the team that escalated a work package that a higher level completed it, so it can finish its own tasks. */
public record NotifyOriginatingTeam(String originalWorkPackageId, String originatingStoryId,
                                    String completedWorkPackageId, int completedLevel, String message)
        implements RuleCommand {

    public NotifyOriginatingTeam {
        Objects.requireNonNull(originalWorkPackageId, "originalWorkPackageId");
        Objects.requireNonNull(completedWorkPackageId, "completedWorkPackageId");
    }

    @Override
    public String idempotencyKey() {
        return "escalation-completed:" + originalWorkPackageId + ":" + completedWorkPackageId;
    }
}
