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

    static SourceSystem other(SourceSystem system) {
        return system == SourceSystem.JIRA ? SourceSystem.SERVICENOW : SourceSystem.JIRA;
    }
}
