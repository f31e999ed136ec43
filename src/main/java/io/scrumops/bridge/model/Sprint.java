package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.Objects;

public record Sprint(String id, SourceRef source, String team, String name, Instant start, Instant end,
                     SprintState state) {

    public Sprint {
        Objects.requireNonNull(id, "id");
        state = state == null ? SprintState.FUTURE : state;
    }

    public boolean isOngoingAt(Instant at) {
        return state == SprintState.ACTIVE
                && (start == null || !at.isBefore(start))
                && (end == null || at.isBefore(end));
    }
}
