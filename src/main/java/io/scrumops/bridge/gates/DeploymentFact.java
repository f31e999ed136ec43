package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.DeploymentStatus;

import java.time.Instant;

/** A deployment of the release (by ref or by the release's items it shipped) to an environment. */
public record DeploymentFact(String id, String service, String environment, DeploymentStatus status,
                             Instant finishedAt, String ref) {
}
