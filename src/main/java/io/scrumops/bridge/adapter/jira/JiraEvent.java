package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Jira webhook delivery or REST issue, normalized.
 *
 * @param issueId      Jira's numeric issue id, always known (derived from the comment link when no issue is sent)
 * @param workItem     the issue as the payload shows it; null when the payload carries no issue (Server comment events)
 * @param partialIssue true when the payload carries a trimmed issue (comment events on Cloud): status, priority, type,
 *                     assignee and summary only, no update time, so it must not overwrite a fuller record
 * @param comments     the comment the event is about, or every comment of a REST issue
 * @param timestamp    when Jira sent the webhook; null for REST reads
 */
public record JiraEvent(JiraEventType type, String issueId, String issueKey, WorkItem workItem, boolean partialIssue,
                        List<StatusChange> statusChanges, List<Comment> comments, String actor, Instant timestamp) {

    public JiraEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(issueId, "issueId");
        statusChanges = statusChanges == null ? List.of() : List.copyOf(statusChanges);
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    public String workItemId() {
        return JiraIssueMapper.workItemId(issueId);
    }

    public boolean isIssueDeleted() {
        return type == JiraEventType.ISSUE_DELETED;
    }

    public boolean isCommentDeleted() {
        return type == JiraEventType.COMMENT_DELETED;
    }
}
