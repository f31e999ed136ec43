package io.scrumops.bridge.model;

/** Where a gate stands in its phase: checked to enter it or to leave it. */
public enum GateKind {
    ENTRY, EXIT
}
