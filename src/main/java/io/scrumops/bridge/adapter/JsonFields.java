package io.scrumops.bridge.adapter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
            throw new MalformedPayloadException(context + ": body is not valid JSON (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
        }
    }

    /**
     * As {@link #parse}, for a reader that needs only a few fields: the whole body is read and checked as JSON (the
     * same errors, with the same messages), but only the fields on the given dotted paths are kept, each as
     * {@link #parse} would give it (a field on a path that is not an object is kept whole, as is the value at a
     * path's end). {@link #node} and {@link #text} answer for those paths exactly as on the whole tree. Building the
     * whole tree of a webhook to read three fields was most of what identifying it cost.
     */
    public static JsonNode parseOnly(String context, String json, String... paths) {
        if (json == null || json.isBlank()) {
            throw new MalformedPayloadException(context + ": empty body");
        }
        Map<String, Object> wanted = new HashMap<>();
        for (String path : paths) {
            Map<String, Object> level = wanted;
            String[] steps = path.split("\\.");
            for (int i = 0; i < steps.length; i++) {
                Object known = level.get(steps[i]);
                if (i == steps.length - 1) {
                    level.put(steps[i], WHOLE); // the end of a path: kept whole, whatever lies below it
                } else if (known != WHOLE) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> next = known == null ? new HashMap<>() : (Map<String, Object>) known;
                    level.put(steps[i], next);
                    level = next;
                } else {
                    break;
                }
            }
        }
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            JsonNode node = parser.nextToken() == JsonToken.START_OBJECT ? select(parser, wanted) : JSON.readTree(parser);
            if (node == null || !node.isContainerNode()) {
                throw new MalformedPayloadException(context + ": body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException(context + ": body is not valid JSON (line "
                    + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Object WHOLE = new Object();

    /** The object the parser is in (past its START_OBJECT), with only the wanted fields; the rest is read and skipped. */
    @SuppressWarnings("unchecked")
    private static ObjectNode select(JsonParser parser, Map<String, Object> wanted) throws IOException {
        ObjectNode node = JSON.getNodeFactory().objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            Object below = wanted.get(name);
            if (below == null) {
                parser.skipChildren();
            } else if (below != WHOLE && value == JsonToken.START_OBJECT) {
                node.set(name, select(parser, (Map<String, Object>) below));
            } else {
                // a later field of the same name replaces an earlier one, as in the whole tree
                node.set(name, JSON.readTree(parser));
            }
        }
        return node;
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
