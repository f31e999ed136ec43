package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A gate's verdict with the outcome of each criterion behind it. */
public record GateEvaluation(String releaseId, String gateId, GateVerdict verdict, List<CriterionOutcome> criteria,
                             Instant evaluatedAt) {

    public GateEvaluation {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(gateId, "gateId");
        Objects.requireNonNull(verdict, "verdict");
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
    }

    /** One line naming the unmet criteria and their items: the "why" of a verdict, for history and write-back. */
    public String reason() {
        List<CriterionOutcome> unmet = criteria.stream().filter(c -> c.state() != CriterionState.MET).toList();
        if (unmet.isEmpty()) {
            return "all " + criteria.size() + " criteria met";
        }
        return unmet.stream().map(c -> c.title() + ": " + c.reason()
                        + (c.blocking().isEmpty() ? "" : " (" + c.blocking().stream().map(BlockingItem::key)
                        .collect(Collectors.joining(", ")) + ")"))
                .collect(Collectors.joining("; "));
    }

    /** Same verdict for the same reasons: nothing to record or write. */
    public boolean sameOutcomeAs(GateEvaluation other) {
        return other != null && verdict == other.verdict && criteria.equals(other.criteria);
    }
}
