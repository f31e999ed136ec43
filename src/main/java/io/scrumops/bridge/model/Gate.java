package io.scrumops.bridge.model;

import java.time.Instant;

/** A phase gate: a named condition checked continuously; {@code reason} says why it blocks. */
public record Gate(String id, String name, GateKind kind, String condition, GateVerdict verdict, String reason,
                   Instant evaluatedAt) {
}
