package io.scrumops.bridge.adapter.servicenow;

import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.WorkItem;

import java.util.Objects;
import java.util.Optional;

/**
 * A ServiceNow record, normalized.
 *
 * @param storyKey    the recurring operational story the routing rule names for this record's team, or null
 * @param routingRule the name of the routing rule that matched, or null when none did
 * @param deployment  set for a closed change request: the deployment it records
 */
public record ServiceNowRecord(String table, WorkItem workItem, String storyKey, String routingRule, Deployment deployment) {

    public ServiceNowRecord {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(workItem, "workItem");
    }

    public Optional<Deployment> asDeployment() {
        return Optional.ofNullable(deployment);
    }
}
