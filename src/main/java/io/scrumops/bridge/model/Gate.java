package io.scrumops.bridge.model;

import java.util.List;
import java.util.Objects;

/**
 * A phase gate: the criteria a release must meet to enter ({@link GateKind#ENTRY}) or leave ({@link GateKind#EXIT})
 * a phase. The gate passes when every criterion is met; what it decided last is a {@link GateEvaluation}.
 *
 * @param id the gate's id within its release, e.g. {@code uat-exit}; the API and the history use it
 */
public record Gate(String id, String name, GateKind kind, List<GateCriterion> criteria) {

    public Gate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }

    public boolean hasCriterion(CriterionKind kind) {
        return criteria.stream().anyMatch(c -> c.kind() == kind);
    }
}
