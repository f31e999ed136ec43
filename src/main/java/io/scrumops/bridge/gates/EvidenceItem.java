package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItemKind;

import java.util.Map;

/**
 * A stored work item as a gate sees it.
 *
 * @param issueType    the source's type name (Jira issue type), for test-execution criteria
 * @param sourceStatus the source's status name
 * @param fields       source field values named by the mapping (custom fields, ServiceNow {@code approval})
 */
public record EvidenceItem(String id, String key, String title, WorkItemKind kind, Severity severity, boolean done,
                           String issueType, String sourceStatus, Map<String, String> fields, String url) {

    public EvidenceItem {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public String field(String name) {
        return fields.get(name);
    }
}
