package io.scrumops.bridge.model;

public enum GateKind {
    ENTRY, EXIT
}
