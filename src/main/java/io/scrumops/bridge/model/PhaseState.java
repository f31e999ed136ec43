package io.scrumops.bridge.model;

public enum PhaseState {
    NOT_STARTED, ACTIVE, COMPLETED
}
