package io.scrumops.bridge.model;

import java.util.List;
import java.util.Objects;

/** What one criterion came to: met or not (or not yet known), why, and the items behind an unmet one. */
public record CriterionOutcome(String criterionId, CriterionKind kind, String title, CriterionState state,
                               String reason, List<BlockingItem> blocking) {

    public CriterionOutcome {
        Objects.requireNonNull(criterionId, "criterionId");
        Objects.requireNonNull(state, "state");
        blocking = blocking == null ? List.of() : List.copyOf(blocking);
    }
}
