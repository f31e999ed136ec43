package io.scrumops.bridge.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Null-safe reads from vendor JSON by dotted path ({@code issue.fields.status.name}); a required field that is absent
 * is a {@link MalformedPayloadException} naming the context and the path.
 */
public final class JsonFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFields() {
    }

    public static JsonNode parse(String context, String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedPayloadException(context + ": empty body");
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isContainerNode()) {
                throw new MalformedPayloadException(context + ": body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // a limit of the parser (nesting depth, a number's length) is reported without a location
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new MalformedPayloadException(context + ": body is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The node at the dotted path, or null when any step is absent or JSON null. */
    public static JsonNode node(JsonNode root, String path) {
        JsonNode current = root;
        for (String step : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(step);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    /** The scalar at the path as text; null when absent, JSON null or an empty string. */
    public static String text(JsonNode root, String path) {
        JsonNode node = node(root, path);
        if (node == null || !node.isValueNode()) {
            return null;
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    public static String requireText(String context, JsonNode root, String path) {
        return requireText(context, root, path, path);
    }

    /** As {@link #requireText(String, JsonNode, String)}, reporting the field as {@code reportedPath}. */
    public static String requireText(String context, JsonNode root, String path, String reportedPath) {
        JsonNode node = node(root, path);
        if (node == null) {
            throw MalformedPayloadException.missingField(context, reportedPath);
        }
        if (!node.isValueNode()) {
            throw MalformedPayloadException.invalidField(context, reportedPath, node, "expected a single value");
        }
        String text = node.asText();
        if (text.isBlank()) {
            throw MalformedPayloadException.invalidField(context, reportedPath, text, "must not be empty");
        }
        return text;
    }

    public static JsonNode requireObject(String context, JsonNode root, String path) {
        JsonNode node = node(root, path);
        if (node == null) {
            throw MalformedPayloadException.missingField(context, path);
        }
        if (!node.isObject()) {
            throw MalformedPayloadException.invalidField(context, path, node, "expected an object");
        }
        return node;
    }

    public static JsonNode requireArray(String context, JsonNode root, String path) {
        JsonNode node = node(root, path);
        if (node == null) {
            throw MalformedPayloadException.missingField(context, path);
        }
        if (!node.isArray()) {
            throw MalformedPayloadException.invalidField(context, path, node, "expected a list");
        }
        return node;
    }

    /** The text values of a list of scalars; empty when absent. */
    public static List<String> texts(JsonNode root, String path) {
        JsonNode node = node(root, path);
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> {
                if (item.isValueNode() && !item.asText().isEmpty()) {
                    values.add(item.asText());
                }
            });
        }
        return values;
    }
}
