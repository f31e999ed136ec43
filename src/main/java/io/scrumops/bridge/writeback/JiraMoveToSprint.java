package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/** Moves an issue into a sprint (Jira Agile POST /rest/agile/1.0/sprint/{sprintId}/issue). */
public record JiraMoveToSprint(String workItemId, String issueKey, String sprintNativeId)
        implements WriteCommand, JiraIssueCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraMoveToSprint(workItemId, key, sprintNativeId);
    }
}
