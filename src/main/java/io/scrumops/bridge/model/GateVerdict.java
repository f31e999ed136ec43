package io.scrumops.bridge.model;

public enum GateVerdict {
    PENDING, PASSED, BLOCKED
}
