package io.scrumops.bridge.model;

public enum Recurrence {
    FINITE, RECURRING
}
