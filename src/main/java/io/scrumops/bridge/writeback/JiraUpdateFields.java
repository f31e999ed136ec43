package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/** Sets fields of a Jira issue (PUT issue {"fields": ...}); values as the REST API takes them, null to clear one. */
public record JiraUpdateFields(String workItemId, String issueKey, Map<String, Object> fields)
        implements WriteCommand, JiraIssueCommand {

    public JiraUpdateFields {
        // a null value clears the field, so nulls are kept (Map.copyOf refuses them)
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraUpdateFields(workItemId, key, fields);
    }
}
