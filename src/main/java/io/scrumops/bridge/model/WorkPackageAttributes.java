package io.scrumops.bridge.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What makes a work item a ScrumOps work package.
 *
 * @param slaStartedAt  when the SLA clock started; escalation never changes it
 * @param slaTarget     the SLA target fixed when the package was created; escalation never changes it
 * @param escalationLevel 1 for the original support level, 2 after one escalation, and so on
 * @param escalatedFromId the package this one was escalated from, or null
 */
public record WorkPackageAttributes(String storyId, String templateId, Severity severity, String category,
                                    Instant slaStartedAt, Duration slaTarget, int escalationLevel,
                                    String escalatedFromId, List<EscalationLink> escalations) {

    public WorkPackageAttributes {
        escalationLevel = escalationLevel <= 0 ? 1 : escalationLevel;
        escalations = escalations == null ? List.of() : List.copyOf(escalations);
    }
}
