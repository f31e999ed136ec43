package io.scrumops.bridge.model;

public enum DeploymentStatus {
    QUEUED, IN_PROGRESS, SUCCESS, FAILURE, CANCELLED
}
