package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.IncidentCause;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cause an incident record names: {@code caused_by} (the change that caused it), else {@code rfc} (the change
 * raised to fix it, which for the metrics also ties the incident to that change), else only its {@code problem_id}.
 * References are sys_ids; when the record carries the reference's display value (a record number such as
 * CHG0000024, not locale-dependent) the number is taken instead.
 */
public final class ServiceNowIncidentCauses {

    private static final String CONTEXT = "servicenow incident cause";
    private static final Pattern RECORD_NUMBER = Pattern.compile("[A-Z]{2,}[0-9]+");

    private ServiceNowIncidentCauses() {
    }

    /** Empty for records other than incidents, and for incidents that name no cause. */
    public static Optional<IncidentCause> fromResponse(String json, String table, String workItemId) {
        if (!"incident".equals(table)) {
            return Optional.empty();
        }
        JsonNode body = JsonFields.parse(CONTEXT, json);
        JsonNode record = body.has("result") ? body.get("result") : body;
        String causedBy = reference(record, "caused_by");
        String rfc = reference(record, "rfc");
        String problem = reference(record, "problem_id");
        if (causedBy != null) {
            return Optional.of(new IncidentCause(workItemId, causedBy, problem, "SERVICENOW_CAUSED_BY"));
        }
        if (rfc != null) {
            return Optional.of(new IncidentCause(workItemId, rfc, problem, "SERVICENOW_RFC"));
        }
        if (problem != null) {
            return Optional.of(new IncidentCause(workItemId, null, problem, "SERVICENOW_PROBLEM"));
        }
        return Optional.empty();
    }

    private static String reference(JsonNode record, String field) {
        JsonNode node = record == null ? null : record.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            String display = JsonFields.text(node, "display_value");
            if (display != null && RECORD_NUMBER.matcher(display).matches()) {
                return display;
            }
            String value = JsonFields.text(node, "value");
            return value == null || value.isBlank() ? null : value;
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }
}
