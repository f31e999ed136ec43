package io.scrumops.bridge.model;

public enum TeamScope {
    SINGLE_TEAM, MULTI_TEAM
}
