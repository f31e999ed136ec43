package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteRateLimiter;
import io.scrumops.bridge.writeback.RemoteWriteException;
import io.scrumops.bridge.writeback.RemoteWriter;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteResult;
import io.scrumops.bridge.writeback.WritebackProperties;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Applies write commands to ServiceNow with Table API PATCH calls over camel-http. camel-servicenow is not used for
 * writes: it turns an error answer into a ServiceNowException that keeps the status and message but not the
 * response headers, and a 429 must be retried after its Retry-After / X-RateLimit-Reset.
 */
@Component("serviceNowWriter")
public class ServiceNowWriter implements RemoteWriter {

    private static final String QUERY = "sysparm_input_display_value=false&sysparm_exclude_reference_link=true"
            + "&sysparm_fields=sys_id,sys_mod_count";

    private final RemoteHttp http;
    private final ObjectMapper json = new ObjectMapper();

    public ServiceNowWriter(ServiceNowProperties properties, ProducerTemplate template, WritebackProperties writeback,
                            Clock clock) {
        RemoteRateLimiter limiter = new RemoteRateLimiter(SourceSystem.SERVICENOW, writeback.serviceNowRatePerSecond(),
                writeback.maxRateWait(), clock);
        this.http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:servicenow-request",
                properties.isConfigured() ? properties.tableApiUrl() : null, properties.username(),
                properties.password(), template, limiter, clock);
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
        throw new RemoteWriteException(SourceSystem.SERVICENOW, command.type(), 0, true, null,
                "not a ServiceNow command: " + command.type());
    }

    private void patch(String table, String sysId, ObjectNode body) {
        http.call("PATCH", "/now/table/" + table + "/" + sysId, QUERY, body.toString());
    }
}
