package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteWriteException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads one field of one record, or finds the one record whose field has a value, over the Table API: the e-mail
 * address of a {@code sys_user}, the name of a configuration item, the sys_id of a group by its name. Several
 * matches are no match.
 */
@Component
public class ServiceNowLookup {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowLookup.class);
    private static final int NOT_FOUND = 404;

    private final RemoteHttp http;

    public ServiceNowLookup(ProducerTemplate producer, ServiceNowProperties serviceNow, RemoteCallGates gates, Clock clock) {
        this.http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:servicenow-request",
                serviceNow.isConfigured() ? serviceNow.tableApiUrl() : null, serviceNow.username(),
                serviceNow.password(), producer, gates.of(SourceSystem.SERVICENOW), clock);
    }

    public Optional<String> field(String table, String sysId, String field) {
        ServiceNowQueryValues.name(table);
        ServiceNowQueryValues.fieldPath(field);
        if (!ServiceNowQueryValues.isSysId(sysId)) {
            return Optional.empty(); // no record has it; asked for, it would have left the record's path
        }
        try {
            String body = http.call("GET", "/now/table/" + table + "/" + sysId, "sysparm_fields=" + field
                    + "&sysparm_display_value=false&sysparm_exclude_reference_link=true", null).body();
            JsonNode record = JsonFields.parse("servicenow " + table, body).path("result");
            String value = new ServiceNowFields("servicenow " + table, record).value(field);
            return Optional.ofNullable(value);
        } catch (RemoteWriteException e) {
            if (e.status() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The whole record with stored values ({@code {"result": {...}}}); empty when there is none. */
    public Optional<String> record(String table, String sysId) {
        try {
            return Optional.ofNullable(http.call("GET", "/now/table/" + ServiceNowQueryValues.name(table) + "/"
                            + ServiceNowQueryValues.sysId(sysId),
                    "sysparm_display_value=false&sysparm_exclude_reference_link=true", null).body());
        } catch (RemoteWriteException e) {
            if (e.status() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The one record whose {@code field} is {@code value}; empty when there is none, several, or when the value holds
     * {@code ^} or a line break: pasted into the encoded query it would add conditions of its own
     * ({@code x^ORname=another} matches a record the value does not name), so it is not looked up.
     */
    public Optional<String> sysIdWhere(String table, String field, String value) {
        ServiceNowQueryValues.name(table);
        ServiceNowQueryValues.fieldPath(field);
        if (!ServiceNowQueryValues.isLookupValue(value)) {
            LOG.warn("Not looked up in ServiceNow {} by {}: the value holds '^' or a line break, which an encoded"
                    + " query reads as its own: '{}'", table, field,
                    ServiceNowQueryValues.UnsafeQueryValueException.shortened(value));
            return Optional.empty();
        }
        String body = http.call("GET", "/now/table/" + table, "sysparm_query=" + encode(field + "=" + value)
                + "&sysparm_fields=sys_id&sysparm_limit=2", null).body();
        JsonNode result = JsonFields.parse("servicenow " + table, body).path("result");
        if (!result.isArray() || result.size() != 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(JsonFields.text(result.get(0), "sys_id"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
