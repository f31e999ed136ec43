package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.WorkItem;

import java.util.List;
import java.util.Objects;

/** The outcome of asking to escalate a work package. */
public sealed interface EscalationDecision {

    /**
     * @param escalatedPackage the next level's package as the model will know it once created
     * @param link             the step just taken, also the last entry of the package's history
     */
    record Escalated(WorkItem escalatedPackage, EscalationLink link, List<RuleCommand> commands)
            implements EscalationDecision {

        public Escalated {
            commands = List.copyOf(commands);
        }
    }

    /** @param message the rule and the facts of this case */
    record Refused(RefusalReason reason, String message) implements EscalationDecision {

        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
