package io.scrumops.bridge.writeback;

/**
 * A write to one existing Jira issue. The issue key may be null when the command was queued for an issue the bridge
 * had not created yet (an escalated level); the dispatcher fills it in from the sync link the create left.
 */
public interface JiraIssueCommand {

    String workItemId();

    String issueKey();

    WriteCommand withIssueKey(String issueKey);
}
