package io.scrumops.bridge.model;

import java.time.Instant;

public record DeploymentCommit(String sha, String message, String author, Instant committedAt) {
}
