package io.scrumops.bridge.store;

/** Stored first (RECEIVED), then on the event backbone (PUBLISHED), then applied or set aside. */
public enum InboxStatus {
    RECEIVED, PUBLISHED, PROCESSED, QUARANTINED
}
