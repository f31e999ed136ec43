package io.scrumops.bridge.mapping;

import io.scrumops.bridge.mapping.rules.RuleFiles;

import java.time.Instant;
import java.util.Objects;

/** All mapping files, validated together, as loaded at one moment. */
public record MappingSet(JiraMapping jira, ServiceNowMapping serviceNow, DeploymentMapping deployments,
                         RuleFiles rules, Instant loadedAt) {

    public MappingSet {
        Objects.requireNonNull(jira, "jira");
        Objects.requireNonNull(serviceNow, "serviceNow");
        Objects.requireNonNull(deployments, "deployments");
        Objects.requireNonNull(rules, "rules");
    }
}
