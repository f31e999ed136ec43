package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deployment of a service to an environment, with the commits it shipped and the work items found in them.
 *
 * @param environment     the environment name as the source gave it
 * @param environmentType the environment's class; DORA counts PRODUCTION only
 * @param linkedItemKeys  issue keys and incident numbers found in commit messages, refs or the payload
 */
public record Deployment(String id, SourceRef source, String service, String environment,
                         EnvironmentType environmentType, DeploymentStatus status, Instant startedAt,
                         Instant finishedAt, String ref, List<DeploymentCommit> commits, Set<String> linkedItemKeys) {

    public Deployment {
        Objects.requireNonNull(id, "id");
        commits = commits == null ? List.of() : List.copyOf(commits);
        linkedItemKeys = linkedItemKeys == null ? Set.of() : Set.copyOf(linkedItemKeys);
    }

    public boolean isSuccessfulProduction() {
        return environmentType == EnvironmentType.PRODUCTION && status == DeploymentStatus.SUCCESS;
    }
}
