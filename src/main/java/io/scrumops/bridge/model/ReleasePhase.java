package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;

/** A phase of a release with its planned dates and its entry and exit gates. */
public record ReleasePhase(String name, PhaseState state, Instant plannedStart, Instant plannedEnd, List<Gate> gates) {

    public ReleasePhase {
        state = state == null ? PhaseState.NOT_STARTED : state;
        gates = gates == null ? List.of() : List.copyOf(gates);
    }
}
