package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/** Sets fields of a Jira issue (PUT issue {"fields": ...}); values as the REST API takes them. */
public record JiraUpdateFields(String workItemId, String issueKey, Map<String, Object> fields)
        implements WriteCommand, JiraIssueCommand {

    public JiraUpdateFields {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
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
