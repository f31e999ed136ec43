package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;

public record ReleasePhase(String name, PhaseState state, Instant plannedStart, Instant plannedEnd, List<Gate> gates) {

    public ReleasePhase {
        state = state == null ? PhaseState.NOT_STARTED : state;
        gates = gates == null ? List.of() : List.copyOf(gates);
    }
}
