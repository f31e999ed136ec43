package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/**
 * Moves a Jira issue to a status that maps to {@code targetStatus}; the writer reads the issue's transitions, picks one
 * by target status (or status category), walks several when no direct one exists, and fills the fields a
 * transition screen requires from {@code fields} (e.g. resolution).
 */
public record JiraTransition(String workItemId, String issueKey, CanonicalStatus targetStatus, Map<String, Object> fields)
        implements WriteCommand, JiraIssueCommand {

    public JiraTransition {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraTransition(workItemId, key, targetStatus, fields);
    }
}
