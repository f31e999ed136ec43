package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/** Adds (or updates, by {@code globalId}) a remote link on a Jira issue, e.g. to the paired ServiceNow incident. */
public record JiraRemoteLink(String workItemId, String issueKey, String globalId, String url, String title)
        implements WriteCommand, JiraIssueCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraRemoteLink(workItemId, key, globalId, url, title);
    }
}
