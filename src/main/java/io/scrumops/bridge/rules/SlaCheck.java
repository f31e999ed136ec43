package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;

import java.util.List;
import java.util.Objects;

/** One work package for the SLA sweep, with its status history and the policy its story names. */
public record SlaCheck(WorkItem workPackage, List<StatusChange> history, SlaPolicy policy) {

    public SlaCheck {
        Objects.requireNonNull(workPackage, "workPackage");
        Objects.requireNonNull(policy, "policy");
        history = history == null ? List.of() : history;
    }
}
