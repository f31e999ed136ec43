package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/**
 * Copies a ServiceNow attachment onto a Jira issue (POST issue/{key}/attachments), streamed from the Attachment API.
 *
 * @param originId  the attachment's id as the bridge knows it ({@code servicenow:attachment:<sys_id>})
 * @param sourceId  the ServiceNow attachment sys_id
 */
public record JiraAttachmentUpload(String workItemId, String issueKey, String originId, String sourceId, String fileName,
                                   String contentType, Long size) implements WriteCommand, JiraIssueCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteCommand withIssueKey(String key) {
        return new JiraAttachmentUpload(workItemId, key, originId, sourceId, fileName, contentType, size);
    }
}
