package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/**
 * Copies a Jira attachment onto a ServiceNow record (POST /api/now/attachment/file), streamed from Jira.
 *
 * @param originId the attachment's id as the bridge knows it ({@code jira:attachment:<id>})
 * @param sourceId the Jira attachment id
 */
public record ServiceNowAttachmentUpload(String workItemId, String table, String sysId, String originId, String sourceId,
                                         String fileName, String contentType, Long size) implements WriteCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.SERVICENOW;
    }
}
