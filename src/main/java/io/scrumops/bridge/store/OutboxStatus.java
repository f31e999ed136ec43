package io.scrumops.bridge.store;

/** FAILED commands wait for their next attempt; DEAD ones wait for a person (listDead, requeue). */
public enum OutboxStatus {
    PENDING, IN_FLIGHT, DONE, FAILED, DEAD
}
