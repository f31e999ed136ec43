package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/**
 * One change to make in one remote system. Each names the bridge work item it is about ({@code workItemId}), so
 * that one item's commands are applied in order while other items go on.
 */
public sealed interface WriteCommand permits JiraCreateIssue, JiraTransition, JiraComment, JiraUpdateFields,
        JiraMoveToSprint, JiraRemoteLink, JiraIssueLink, ServiceNowUpdate, ServiceNowJournalEntry,
        ServiceNowCreateRecord, JiraAttachmentUpload, ServiceNowAttachmentUpload, JiraVersionVerdict {

    String workItemId();

    SourceSystem target();

    /** The outbox command type; the writers dispatch on it. */
    default String type() {
        return getClass().getSimpleName();
    }
}
