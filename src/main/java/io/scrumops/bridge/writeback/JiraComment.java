package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;

/**
 * Adds a comment to a Jira issue. {@code originId} is the id of the comment or journal entry this one carries
 * over (e.g. {@code servicenow:journal:<sys_id>}), or null for a comment the bridge writes itself; it makes the
 * comment recognisable when it comes back.
 */
public record JiraComment(String workItemId, String issueKey, String body, String author,
                          CommentVisibility visibility, String originId) implements WriteCommand, JiraIssueCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraComment(workItemId, key, body, author, visibility, originId);
    }
}
