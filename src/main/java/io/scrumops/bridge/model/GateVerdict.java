package io.scrumops.bridge.model;

/** A gate's state: PENDING while a criterion cannot be decided yet (a remote query not run), else PASSED or BLOCKED. */
public enum GateVerdict {
    PENDING, PASSED, BLOCKED
}
