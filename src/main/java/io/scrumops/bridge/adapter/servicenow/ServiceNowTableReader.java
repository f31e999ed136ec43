package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteWriteException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Table API pages (raw stored values, so dates are UTC and references are sys_ids) over camel-http, through
 * the same ServiceNow gate as the writers: reads and writes share the instance's rate limit, and a pause ServiceNow
 * asked for holds both back. Sweeps a table from a watermark with {@link ServiceNowTableSweep}. A 429, or a read
 * held back by such a pause, is raised as {@link ServiceNowRateLimitedException} with the time ServiceNow gave
 * (Retry-After or X-RateLimit-Reset), so that the caller can back off instead of reading on.
 */
@Component("serviceNowTableReader")
public class ServiceNowTableReader {

    private static final int RATE_LIMITED = 429;

    private final RemoteHttp http;
    private final ServiceNowPollProperties settings;

    public ServiceNowTableReader(ProducerTemplate producer, ServiceNowProperties serviceNow,
                                 ServiceNowPollProperties settings, RemoteCallGates gates, Clock clock) {
        this.http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:servicenow-request",
                serviceNow.isConfigured() ? serviceNow.tableApiUrl() : null, serviceNow.username(),
                serviceNow.password(), producer, gates.of(SourceSystem.SERVICENOW), clock);
        this.settings = settings;
    }

    public ServiceNowTableSweep.Result sweep(String table, String filter, ServiceNowTableSweep.Position from,
                                             Consumer<JsonNode> sink, ServiceNowTableSweep.PageListener listener) {
        return ServiceNowTableSweep.run((query, limit, offset) -> page(table, query, limit, offset), filter, from,
                settings.pageSize(), sink, listener);
    }

    public List<JsonNode> page(String table, String query, int limit, int offset) {
        String body;
        try {
            body = http.call("GET", "/now/v1/table/" + table, "sysparm_query=" + encode(query)
                    + "&sysparm_limit=" + limit + "&sysparm_offset=" + offset
                    + "&sysparm_display_value=false&sysparm_exclude_reference_link=true", null).body();
        } catch (RemoteWriteException e) {
            String what = "servicenow " + table + " page at offset " + offset;
            if (e.status() == RATE_LIMITED) {
                throw new ServiceNowRateLimitedException(table, what + " was refused (rate limited): "
                        + e.getMessage(), e.retryNotBefore(), e);
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
        JsonNode result = JsonFields.parse("servicenow " + table + " page", body == null || body.isBlank() ? "[]" : body);
        if (result.has("result")) {
            result = result.get("result");
        }
        List<JsonNode> records = new ArrayList<>();
        if (result.isArray()) {
            result.forEach(records::add);
        } else if (result.isObject()) {
            records.add(result);
        }
        return records;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
