package io.scrumops.bridge.store;

public enum QuarantineStatus {
    OPEN, REPLAYED, DISCARDED
}
