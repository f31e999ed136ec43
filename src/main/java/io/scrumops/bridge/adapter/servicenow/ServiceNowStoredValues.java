package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The stored values of named fields of one ServiceNow record, whatever shape the response gave them in. */
public final class ServiceNowStoredValues {

    private ServiceNowStoredValues() {
    }

    /** @param json a response holding one record ({@code {"result": {...}}}) or a bare record */
    public static Map<String, String> of(String json, Collection<String> names) {
        JsonNode body = JsonFields.parse("servicenow record", json);
        JsonNode record = body.has("result") ? body.get("result") : body;
        ServiceNowFields fields = new ServiceNowFields("servicenow record", record);
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            String value = fields.value(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }
}
