package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.AttachmentSource;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.StreamedUpload;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jira attachments: read from an issue's {@code fields.attachment}, downloaded from
 * {@code /rest/api/2/attachment/content/{id}} and uploaded to {@code /rest/api/2/issue/{key}/attachments}, both as
 * streams.
 */
@Component
public class JiraAttachments {

    /** One attachment as an issue lists it. */
    public record Attachment(String id, String fileName, Long size, String mimeType, String author) {
    }

    private final String baseUrl;
    private final StreamedUpload http;

    public JiraAttachments(JiraProperties properties, RemoteCallGates gates,
                           @Value("${scrumops.attachments.transfer-timeout:PT10M}") Duration timeout) {
        this.baseUrl = properties.baseUrl() == null ? "" : properties.baseUrl().replaceAll("/+$", "");
        this.http = new StreamedUpload(SourceSystem.JIRA, properties.username(), properties.apiToken(),
                gates.of(SourceSystem.JIRA), timeout);
    }

    /** The attachments of {@code fields.attachment} (webhook or REST issue); an absent list gives none. */
    public static List<Attachment> listed(JsonNode attachments) {
        List<Attachment> result = new ArrayList<>();
        if (attachments == null || !attachments.isArray()) {
            return result;
        }
        for (JsonNode a : attachments) {
            String id = JsonFields.text(a, "id");
            String name = JsonFields.text(a, "filename");
            if (id == null || name == null) {
                continue;
            }
            JsonNode size = a.get("size");
            result.add(new Attachment(id, name, size == null || !size.canConvertToLong() ? null : size.asLong(),
                    JsonFields.text(a, "mimeType"), JiraFieldValues.user(a.get("author"))));
        }
        return result;
    }

    public String browseUrl(String issueKey) {
        return baseUrl + "/browse/" + issueKey;
    }

    /** Where a person can open the attachment. */
    public String contentUrl(String attachmentId) {
        return baseUrl + "/rest/api/2/attachment/content/" + attachmentId;
    }

    public AttachmentSource.Opened download(String attachmentId) {
        return http.download(contentUrl(attachmentId));
    }

    /** @return the new attachment's id and the checksum of the bytes sent */
    public StreamedUpload.Sent upload(String issueKey, String fileName, AttachmentSource.Opened content) {
        return http.postMultipart(baseUrl + "/rest/api/2/issue/" + issueKey + "/attachments",
                Map.of("X-Atlassian-Token", "no-check"), "file", fileName, content);
    }

    /** The id of the attachment an upload created (Jira answers with the list of those it added). */
    public static String createdId(String answer) {
        JsonNode body = JsonFields.parse("jira attachment upload", answer == null || answer.isBlank() ? "[]" : answer);
        JsonNode first = body.isArray() ? body.path(0) : body;
        return JsonFields.text(first, "id");
    }
}
