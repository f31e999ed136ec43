package io.scrumops.bridge.rules;

import java.util.List;

/**
 * A higher level completed an escalated work package: the originating team is told so it can finish its own
 * tasks (such as informing the customer).
 *
 * @param incidentId the incident behind the original package, or null
 */
public record EscalationCompletion(String completedWorkPackageId, int completedLevel, String originalWorkPackageId,
                                   String originatingStoryId, String incidentId, List<RuleCommand> commands) {

    public EscalationCompletion {
        commands = List.copyOf(commands);
    }
}
