package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteRateLimiter;
import io.scrumops.bridge.writeback.RemoteResponse;
import io.scrumops.bridge.writeback.RemoteWriteException;
import io.scrumops.bridge.writeback.RemoteWriter;
import io.scrumops.bridge.writeback.ServiceNowCreateRecord;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteResult;
import io.scrumops.bridge.writeback.WritebackProperties;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Applies write commands to ServiceNow with Table API calls over camel-http (PATCH to update, a correlation_id
 * query and POST to create). camel-servicenow is not used for
 * writes: it turns an error answer into a ServiceNowException that keeps the status and message but not the
 * response headers, and a 429 must be retried after its Retry-After / X-RateLimit-Reset.
 */
@Component("serviceNowWriter")
public class ServiceNowWriter implements RemoteWriter {

    private static final String QUERY = "sysparm_input_display_value=false&sysparm_exclude_reference_link=true"
            + "&sysparm_fields=sys_id,sys_mod_count";
    private static final String CREATE_QUERY = "sysparm_input_display_value=false&sysparm_exclude_reference_link=true"
            + "&sysparm_fields=sys_id,number,sys_mod_count";

    private final RemoteHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final String instanceUrl;

    public ServiceNowWriter(ServiceNowProperties properties, ProducerTemplate template, WritebackProperties writeback,
                            Clock clock) {
        RemoteRateLimiter limiter = new RemoteRateLimiter(SourceSystem.SERVICENOW, writeback.serviceNowRatePerSecond(),
                writeback.maxRateWait(), clock);
        this.http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:servicenow-request",
                properties.isConfigured() ? properties.tableApiUrl() : null, properties.username(),
                properties.password(), template, limiter, clock);
        this.instanceUrl = properties.instanceUrl() == null ? "" : properties.instanceUrl().replaceAll("/+$", "");
    }

    @Override
    public SourceSystem system() {
        return SourceSystem.SERVICENOW;
    }

    @Override
    public WriteResult execute(WriteCommand command, int attempt) {
        if (command instanceof ServiceNowUpdate update) {
            ObjectNode body = json.createObjectNode();
            update.fields().forEach(body::put);
            patch(update.table(), update.sysId(), body);
            return WriteResult.done();
        }
        if (command instanceof ServiceNowJournalEntry entry) {
            ObjectNode body = json.createObjectNode();
            body.put(entry.visibility() == CommentVisibility.PUBLIC ? "comments" : "work_notes", entry.text());
            patch(entry.table(), entry.sysId(), body);
            return WriteResult.done();
        }
        if (command instanceof ServiceNowCreateRecord create) {
            return create(create);
        }
        throw new RemoteWriteException(SourceSystem.SERVICENOW, command.type(), 0, true, null,
                "not a ServiceNow command: " + command.type());
    }

    private WriteResult create(ServiceNowCreateRecord create) {
        String path = "/now/table/" + create.table();
        if (create.correlationId() != null) {
            String condition = "correlation_id=" + create.correlationId()
                    + (create.existingNumber() == null ? "" : "^ORnumber=" + create.existingNumber());
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

    private void patch(String table, String sysId, ObjectNode body) {
        http.call("PATCH", "/now/table/" + table + "/" + sysId, QUERY, body.toString());
    }
}
