package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;

import java.util.ArrayList;
import java.util.List;

/** Jira error bodies ({@code errorMessages}, {@code errors}) arrive where records are expected; say so plainly. */
final class JiraErrorBody {

    private JiraErrorBody() {
    }

    static void reject(String context, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new MalformedPayloadException(context + ": body is not a JSON object");
        }
        if (payload.has("errorMessages") || (payload.has("errors") && payload.size() <= 3)) {
            List<String> messages = new ArrayList<>(JsonFields.texts(payload, "errorMessages"));
            JsonNode errors = JsonFields.node(payload, "errors");
            if (errors != null) {
                errors.fields().forEachRemaining(error -> messages.add(error.getKey() + ": " + error.getValue().asText()));
            }
            throw new MalformedPayloadException(context + ": payload is a Jira error response: "
                    + (messages.isEmpty() ? "(no message)" : String.join("; ", messages)));
        }
    }
}
