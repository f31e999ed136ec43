package io.scrumops.bridge.model;

public enum CriterionState {
    MET, UNMET, UNKNOWN
}
