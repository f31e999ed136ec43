package io.scrumops.bridge.rules;

public enum SlaState {
    /** Running, no warning threshold crossed. */
    OK,
    /** Running, at least one warning threshold crossed. */
    WARNING,
    /** The target passed, whether the package is still open or was resolved late. */
    BREACHED,
    /** Resolved within the target. */
    MET,
    /** Standing still in a pause status, within the target. */
    PAUSED
}
