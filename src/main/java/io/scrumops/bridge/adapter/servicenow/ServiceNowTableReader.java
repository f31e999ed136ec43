package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.servicenow.ServiceNowConstants;
import org.apache.camel.component.servicenow.ServiceNowException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Table API pages with camel-servicenow (raw stored values, so dates are UTC and references are sys_ids), and
 * sweeps a table from a watermark with {@link ServiceNowTableSweep}. A 429 is raised as
 * {@link ServiceNowRateLimitedException}, so that the caller can back off instead of reading on.
 */
@Component("serviceNowTableReader")
public class ServiceNowTableReader {

    private final ProducerTemplate producer;
    private final ServiceNowProperties serviceNow;
    private final ServiceNowPollProperties settings;

    public ServiceNowTableReader(ProducerTemplate producer, ServiceNowProperties serviceNow,
                                 ServiceNowPollProperties settings) {
        this.producer = producer;
        this.serviceNow = serviceNow;
        this.settings = settings;
    }

    public ServiceNowTableSweep.Result sweep(String table, String filter, ServiceNowTableSweep.Position from,
                                             Consumer<JsonNode> sink, ServiceNowTableSweep.PageListener listener) {
        return ServiceNowTableSweep.run((query, limit, offset) -> page(table, query, limit, offset), filter, from,
                settings.pageSize(), sink, listener);
    }

    public List<JsonNode> page(String table, String query, int limit, int offset) {
        Exchange answer = producer.send(endpointUri(), exchange -> {
            var message = exchange.getMessage();
            message.setHeader(ServiceNowConstants.RESOURCE, ServiceNowConstants.RESOURCE_TABLE);
            message.setHeader(ServiceNowConstants.ACTION, ServiceNowConstants.ACTION_RETRIEVE);
            message.setHeader(ServiceNowConstants.PARAM_TABLE_NAME, table);
            message.setHeader(ServiceNowConstants.SYSPARM_QUERY, query);
            message.setHeader(ServiceNowConstants.SYSPARM_LIMIT, limit);
            message.setHeader(ServiceNowConstants.SYSPARM_OFFSET, offset);
            message.setHeader(ServiceNowConstants.SYSPARM_DISPLAY_VALUE, "false");
            message.setHeader(ServiceNowConstants.RESPONSE_MODEL, String.class);
        });
        if (answer.getException() != null) {
            if (status(answer.getException()) == 429) {
                throw new ServiceNowRateLimitedException(table, "servicenow " + table + " page at offset " + offset
                        + " answered 429 (rate limited): " + answer.getException().getMessage(), answer.getException());
            }
            throw new IllegalStateException("servicenow " + table + " page at offset " + offset + " failed: "
                    + answer.getException().getMessage(), answer.getException());
        }
        String body = answer.getMessage().getBody(String.class);
        JsonNode result = JsonFields.parse("servicenow " + table + " page", body == null ? "[]" : body);
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

    /** The HTTP status camel-servicenow put on its exception, or 0 when the read got no answer. */
    static int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceNowException refused && refused.getCode() != null) {
                return refused.getCode();
            }
        }
        return 0;
    }

    private String endpointUri() {
        return "servicenow:scrumops?apiUrl=RAW(" + serviceNow.tableApiUrl() + ")"
                + "&userName=RAW(" + nullToEmpty(serviceNow.username()) + ")"
                + "&password=RAW(" + nullToEmpty(serviceNow.password()) + ")"
                + "&resource=table&apiVersion=v1";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
