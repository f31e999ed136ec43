package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.SyncLink;

/**
 * An incident and its work package. The pair is named by the incident's work item id; {@code jira} is null until
 * the work package has been created.
 */
record Pair(String id, SyncLink serviceNow, SyncLink jira) {

    SyncLink side(SourceSystem system) {
        return system == SourceSystem.JIRA ? jira : serviceNow;
    }

    /** The ServiceNow table of the pair's record: named in the id of a pair that started there, else {@code fallback}. */
    String serviceNowTable(String fallback) {
        return serviceNowTable(id, fallback);
    }

    static String serviceNowTable(String pairId, String fallback) {
        String prefix = SourceSystem.SERVICENOW.code() + ":";
        if (pairId != null && pairId.startsWith(prefix)) {
            String[] parts = pairId.split(":");
            return parts.length >= 3 ? parts[1] : fallback;
        }
        return fallback;
    }

    static SourceSystem other(SourceSystem system) {
        return system == SourceSystem.JIRA ? SourceSystem.SERVICENOW : SourceSystem.JIRA;
    }
}
