package io.scrumops.bridge.model;

public enum SprintState {
    FUTURE, ACTIVE, CLOSED
}
