package io.scrumops.bridge.model;

/** Deployment frequency and change failure rate count PRODUCTION only. */
public enum EnvironmentType {
    PRODUCTION, STAGING, TESTING, DEVELOPMENT, OTHER
}
