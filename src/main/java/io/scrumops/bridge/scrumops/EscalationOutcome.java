package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.rules.RefusalReason;
import io.scrumops.bridge.rules.RuleCommand;

import java.util.List;

/**
 * What asking for an escalation gave.
 *
 * @param workPackage the new package when escalated, else null
 * @param commands    what the rules decided; {@code queued} how many write commands that put in the outbox
 * @param rule        the rule that refused, when refused
 */
public record EscalationOutcome(boolean escalated, WorkItem workPackage, List<RuleCommand> commands, int queued,
                                RefusalReason reason, String rule, String message) {

    static EscalationOutcome escalated(WorkItem workPackage, List<RuleCommand> commands, int queued) {
        return new EscalationOutcome(true, workPackage, List.copyOf(commands), queued, null, null, null);
    }

    static EscalationOutcome refused(RefusalReason reason, String message) {
        return new EscalationOutcome(false, null, List.of(), 0, reason, reason.rule(), message);
    }
}
