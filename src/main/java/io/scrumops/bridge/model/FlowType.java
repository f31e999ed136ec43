package io.scrumops.bridge.model;

/** Flow Framework item types. */
public enum FlowType {
    FEATURE, DEFECT, RISK, DEBT
}
