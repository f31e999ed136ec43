package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteResponse;
import io.scrumops.bridge.writeback.RemoteWriteException;
import io.scrumops.bridge.writeback.RemoteWriter;
import io.scrumops.bridge.writeback.ServiceNowCreateRecord;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteAttempt;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteResult;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Applies write commands to ServiceNow with Table API calls over camel-http (PATCH to update, a correlation_id
 * query and POST to create). camel-servicenow is not used for
 * writes: it turns an error answer into a ServiceNowException that keeps the status and message but not the
 * response headers, and a 429 must be retried after its Retry-After / X-RateLimit-Reset.
 * A field update is idempotent as it is; a journal entry retried after a lost answer is first looked for in
 * {@code sys_journal_field}, so that it is written once.
 */
@Component("serviceNowWriter")
public class ServiceNowWriter implements RemoteWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowWriter.class);
    private static final String QUERY = "sysparm_input_display_value=false&sysparm_exclude_reference_link=true"
            + "&sysparm_fields=sys_id,sys_mod_count";
    private static final String CREATE_QUERY = "sysparm_input_display_value=false&sysparm_exclude_reference_link=true"
            + "&sysparm_fields=sys_id,number,sys_mod_count";

    private final RemoteHttp http;
    private final ServiceNowJournalLookup journal;
    private final ObjectMapper json = new ObjectMapper();
    private final String instanceUrl;

    private final ServiceNowAttachments attachments;
    private final org.springframework.beans.factory.ObjectProvider<io.scrumops.bridge.writeback.AttachmentSource> attachmentSource;

    public ServiceNowWriter(ServiceNowProperties properties, ProducerTemplate template, RemoteCallGates gates,
                            Clock clock, ServiceNowAttachments attachments,
                            org.springframework.beans.factory.ObjectProvider<io.scrumops.bridge.writeback.AttachmentSource> attachmentSource) {
        this.attachments = attachments;
        this.attachmentSource = attachmentSource;
        this.http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:servicenow-request",
                properties.isConfigured() ? properties.tableApiUrl() : null, properties.username(),
                properties.password(), template, gates.of(SourceSystem.SERVICENOW), clock);
        this.instanceUrl = properties.instanceUrl() == null ? "" : properties.instanceUrl().replaceAll("/+$", "");
        this.journal = new ServiceNowJournalLookup(http, json);
    }

    /** Streams a Jira attachment onto the record; the remote key carries the SHA-256 of the bytes sent. */
    private WriteResult attach(io.scrumops.bridge.writeback.ServiceNowAttachmentUpload upload) {
        try (var opened = attachmentSource.getObject().open(SourceSystem.JIRA, upload.sourceId())) {
            var content = new io.scrumops.bridge.writeback.AttachmentSource.Opened(opened.content(),
                    opened.length(), opened.contentType());
            var sent = attachments.upload(upload.table(), upload.sysId(), upload.fileName(),
                    upload.contentType() == null ? opened.contentType() : upload.contentType(), content);
            String id = ServiceNowAttachments.createdId(sent.body());
            return WriteResult.created(id == null ? null : "servicenow:attachment:" + id, "sha256:" + sent.sha256(),
                    null, false);
        } catch (java.io.IOException e) {
            throw new RemoteWriteException(SourceSystem.SERVICENOW, "attach " + upload.fileName(), 0, false, null,
                    e.getMessage());
        }
    }

    @Override
    public SourceSystem system() {
        return SourceSystem.SERVICENOW;
    }

    @Override
    public WriteResult execute(WriteCommand command, WriteAttempt attempt) {
        if (command instanceof ServiceNowUpdate update) {
            ObjectNode body = json.createObjectNode();
            update.fields().forEach(body::put);
            patch(update.table(), update.sysId(), body);
            return WriteResult.done();
        }
        if (command instanceof ServiceNowJournalEntry entry) {
            return journalEntry(entry, attempt);
        }
        if (command instanceof ServiceNowCreateRecord create) {
            return create(create, attempt);
        }
        if (command instanceof io.scrumops.bridge.writeback.ServiceNowAttachmentUpload upload) {
            if (attempt.isRetry()) {
                Optional<String> earlier = attachedBefore(upload);
                if (earlier.isPresent()) {
                    LOG.info("{} on {} {} was uploaded by an earlier attempt (attachment {}); not uploaded again",
                            upload.fileName(), upload.table(), upload.sysId(), earlier.get());
                    return WriteResult.created("servicenow:attachment:" + earlier.get(), null, null, true);
                }
            }
            attempt.confirmClaim("attach " + upload.fileName() + " to " + upload.table() + " " + upload.sysId());
            return attach(upload);
        }
        throw new RemoteWriteException(SourceSystem.SERVICENOW, command.type(), 0, true, null,
                "not a ServiceNow command: " + command.type());
    }

    private WriteResult create(ServiceNowCreateRecord create, WriteAttempt attempt) {
        String path = "/now/table/" + create.table();
        if (create.correlationId() != null) {
            String condition;
            try {
                condition = "correlation_id=" + ServiceNowQueryValues.issueKey(create.correlationId())
                        + (create.existingNumber() == null ? ""
                        : "^ORnumber=" + ServiceNowQueryValues.recordNumber(create.existingNumber()));
            } catch (ServiceNowQueryValues.UnsafeQueryValueException refused) {
                throw new RemoteWriteException(SourceSystem.SERVICENOW, "create " + create.table(), 0, true, null,
                        refused.getMessage());
            }
            String query = "sysparm_query=" + URLEncoder.encode(condition + "^ORDERBYsys_created_on", StandardCharsets.UTF_8)
                    + "&sysparm_fields=sys_id,number,correlation_id&sysparm_limit=2";
            JsonNode found = parse(http.call("GET", path, query, null)).path("result");
            if (found.isArray() && !found.isEmpty()) {
                return adopt(create, found);
            }
        }
        ObjectNode body = json.createObjectNode();
        create.fields().forEach(body::put);
        if (create.correlationId() != null) {
            body.put("correlation_id", create.correlationId());
        }
        attempt.confirmClaim("create " + create.table() + " for " + create.correlationId());
        JsonNode answer = parse(http.call("POST", path, CREATE_QUERY, body.toString())).path("result");
        return created(create.table(), answer, false);
    }

    /**
     * A record carrying the key is the one; else the record the source named by number, which is given the key,
     * unless it is correlated with something else already: taking it would unlink that.
     */
    private WriteResult adopt(ServiceNowCreateRecord create, JsonNode found) {
        for (JsonNode record : found) {
            if (create.correlationId().equals(JsonFields.text(record, "correlation_id"))) {
                return created(create.table(), record, true);
            }
        }
        JsonNode named = found.get(0);
        String taken = JsonFields.text(named, "correlation_id");
        if (taken != null) {
            throw new RemoteWriteException(SourceSystem.SERVICENOW, "create " + create.table(), 0, true, null,
                    create.table() + " " + JsonFields.text(named, "number") + ", named by " + create.correlationId()
                            + ", is correlated with " + taken + " already");
        }
        ObjectNode correlation = json.createObjectNode();
        correlation.put("correlation_id", create.correlationId());
        if (create.fields().containsKey("correlation_display")) {
            correlation.put("correlation_display", create.fields().get("correlation_display"));
        }
        patch(create.table(), JsonFields.text(named, "sys_id"), correlation);
        return created(create.table(), named, true);
    }

    private WriteResult created(String table, JsonNode record, boolean reused) {
        String sysId = JsonFields.text(record, "sys_id");
        if (sysId == null) {
            throw new RemoteWriteException(SourceSystem.SERVICENOW, "create " + table, 0, true, null,
                    "ServiceNow answered a create without sys_id: " + record);
        }
        return WriteResult.created(sysId, JsonFields.text(record, "number"),
                instanceUrl + "/nav_to.do?uri=" + table + ".do?sys_id=" + sysId, reused);
    }

    private static JsonNode parse(RemoteResponse response) {
        String body = response.body();
        return JsonFields.parse("servicenow response", body == null || body.isBlank() ? "{}" : body);
    }

    private WriteResult journalEntry(ServiceNowJournalEntry entry, WriteAttempt attempt) {
        String element = entry.visibility() == CommentVisibility.PUBLIC ? "comments" : "work_notes";
        checkedSysId(entry.table(), entry.sysId());
        if (attempt.isRetry()) {
            Optional<String> written = alreadyWritten(entry, element);
            if (written.isPresent()) {
                LOG.info("{} on {} {} was written by an earlier attempt (journal entry {}); not written again",
                        element, entry.table(), entry.sysId(), written.get());
                return WriteResult.created("servicenow:journal:" + written.get(), null, null, true);
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put(element, entry.text());
        attempt.confirmClaim(element + " on " + entry.table() + " " + entry.sysId());
        patch(entry.table(), entry.sysId(), body);
        return WriteResult.done();
    }

    /**
     * A lookup ServiceNow refuses for good (no read access to sys_journal_field, say) must not keep the entry from
     * being written at all: it is written, at the risk of a second copy. A lookup that fails for a while fails the
     * attempt, which is tried again later.
     */
    private Optional<String> alreadyWritten(ServiceNowJournalEntry entry, String element) {
        try {
            return journal.find(entry.table(), entry.sysId(), element, entry.text());
        } catch (RemoteWriteException e) {
            if (!e.isPermanent()) {
                throw e;
            }
            LOG.warn("Cannot look for an earlier copy of the {} on {} {}, writing it: {}", element, entry.table(),
                    entry.sysId(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * An attachment on the record with the upload's file name and size: an upload whose answer was lost may have
     * stored it (an attachment can carry no hidden marker; name and size are what the carrier itself recognises a
     * copy by). The query names the record only (checked values); the file name is compared here, never put in the
     * encoded query.
     */
    private Optional<String> attachedBefore(io.scrumops.bridge.writeback.ServiceNowAttachmentUpload upload) {
        String record = checkedSysId(upload.table(), upload.sysId());
        String condition = "table_name=" + upload.table() + "^table_sys_id=" + record + "^ORDERBYDESCsys_created_on";
        String query = "sysparm_query=" + URLEncoder.encode(condition, StandardCharsets.UTF_8)
                + "&sysparm_fields=sys_id,file_name,size_bytes&sysparm_limit=200";
        for (JsonNode row : parse(http.call("GET", "/now/attachment", query, null)).path("result")) {
            String size = JsonFields.text(row, "size_bytes");
            if (upload.fileName().equals(JsonFields.text(row, "file_name"))
                    && (upload.size() == null || String.valueOf(upload.size()).equals(size))) {
                return Optional.ofNullable(JsonFields.text(row, "sys_id"));
            }
        }
        return Optional.empty();
    }

    private void patch(String table, String sysId, ObjectNode body) {
        http.call("PATCH", "/now/table/" + table + "/" + checkedSysId(table, sysId), QUERY, body.toString());
    }

    /** A record's sys_id goes into paths and encoded queries: one of another shape is refused for good. */
    private static String checkedSysId(String table, String sysId) {
        try {
            ServiceNowQueryValues.name(table);
            return ServiceNowQueryValues.sysId(sysId);
        } catch (ServiceNowQueryValues.UnsafeQueryValueException refused) {
            throw new RemoteWriteException(SourceSystem.SERVICENOW, "write " + table, 0, true, null,
                    refused.getMessage());
        }
    }
}
