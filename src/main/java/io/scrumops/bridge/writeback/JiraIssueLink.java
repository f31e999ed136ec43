package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/**
 * Links two Jira issues (e.g. an escalated level to the package it came from): {@code issueKey} is the inward side
 * ("relates to" / "is escalated from"), {@code linkedIssueKey} the outward one.
 */
public record JiraIssueLink(String workItemId, String issueKey, String linkType, String linkedIssueKey)
        implements WriteCommand, JiraIssueCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraIssueLink(workItemId, key, linkType, linkedIssueKey);
    }
}
