package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/**
 * Sets fields of a Jira issue (PUT issue {"fields": ...}); values as the REST API takes them, null to clear one. The
 * pseudo field {@link #ADD_LABELS} adds labels with Jira's update operation and leaves the issue's other labels alone.
 */
public record JiraUpdateFields(String workItemId, String issueKey, Map<String, Object> fields)
        implements WriteCommand, JiraIssueCommand {

    /** Labels to add ({@code "update": {"labels": [{"add": ...}]}}), a list of names. */
    public static final String ADD_LABELS = "+labels";

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
