package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.AttachmentSource;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.StreamedUpload;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The ServiceNow Attachment API: a file downloaded from {@code /api/now/attachment/{sys_id}/file} and uploaded with
 * {@code POST /api/now/attachment/file?table_name=...&table_sys_id=...&file_name=...}, both as streams; the
 * {@code sys_attachment} rows the poller reads.
 */
@Component
public class ServiceNowAttachments {

    /** One {@code sys_attachment} row. */
    public record Attachment(String sysId, String table, String recordSysId, String fileName, Long size,
                             String contentType, String createdBy, String updatedOn) {
    }

    private final String apiUrl;
    private final String instanceUrl;
    private final StreamedUpload http;

    public ServiceNowAttachments(ServiceNowProperties properties, RemoteCallGates gates,
                                 @Value("${scrumops.attachments.transfer-timeout:PT10M}") Duration timeout) {
        this.apiUrl = properties.isConfigured() ? properties.tableApiUrl().replaceAll("/+$", "") : "";
        this.instanceUrl = properties.instanceUrl() == null ? "" : properties.instanceUrl().replaceAll("/+$", "");
        this.http = new StreamedUpload(SourceSystem.SERVICENOW, properties.username(), properties.password(),
                gates.of(SourceSystem.SERVICENOW), timeout);
    }

    public static Attachment fromRow(JsonNode row) {
        ServiceNowFields fields = new ServiceNowFields("servicenow sys_attachment", row);
        String size = fields.value("size_bytes");
        return new Attachment(fields.required("sys_id"), fields.value("table_name"), fields.value("table_sys_id"),
                fields.value("file_name"), size == null ? null : Long.valueOf(size), fields.value("content_type"),
                fields.value("sys_created_by"), fields.value("sys_updated_on"));
    }

    /** Where a person can open the attachment. */
    public String fileUrl(String sysId) {
        return instanceUrl + "/sys_attachment.do?sys_id=" + sysId;
    }

    public AttachmentSource.Opened download(String sysId) {
        return http.download(apiUrl + "/now/attachment/" + sysId + "/file");
    }

    /** @return the new attachment's sys_id and the checksum of the bytes sent */
    public StreamedUpload.Sent upload(String table, String recordSysId, String fileName, String contentType,
                                      AttachmentSource.Opened content) {
        String url = apiUrl + "/now/attachment/file?table_name=" + encode(table) + "&table_sys_id=" + encode(recordSysId)
                + "&file_name=" + encode(fileName);
        return http.postRaw(url, Map.of("Content-Type", contentType == null ? "application/octet-stream" : contentType),
                content);
    }

    public static String createdId(String answer) {
        return JsonFields.text(JsonFields.parse("servicenow attachment upload", answer), "result.sys_id");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
