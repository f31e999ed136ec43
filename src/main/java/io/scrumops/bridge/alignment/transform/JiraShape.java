package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Locale;

/**
 * How one Jira value is written: a plain value ({@code text}: text, labels, the Atlassian team id), a select option
 * ({@code option}: {"value": ...}), a named object ({@code name}: components, versions, priority) or one by id
 * ({@code id}). Reading accepts any of them.
 */
public enum JiraShape {
    TEXT, OPTION, NAME, ID;

    public static JiraShape named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public JsonNode write(String value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (this) {
            case TEXT -> TextNode.valueOf(value);
            case OPTION -> json.objectNode().put("value", value);
            case NAME -> json.objectNode().put("name", value);
            case ID -> json.objectNode().put("id", value);
        };
    }

    /** The text of one value in any shape: a string or number, or an object's value, name, key or id. */
    public static String read(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isValueNode()) {
            String text = value.asText();
            return text.isBlank() ? null : text;
        }
        for (String name : List.of("value", "name", "key", "id")) {
            JsonNode field = value.get(name);
            if (field != null && field.isValueNode() && !field.asText().isBlank()) {
                return field.asText();
            }
        }
        return null;
    }
}
