package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.SourceSystem;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values of Jira fields that come in several shapes: people, select options, sprints. */
final class JiraFieldValues {

    private static final Pattern SERVER_SPRINT_ID = Pattern.compile("\\bid=(\\d+)");

    private JiraFieldValues() {
    }

    /** Cloud identifies people by accountId; Server/DC by name (key as a last resort); REST v2 comments may give a bare name. */
    static String user(JsonNode user) {
        if (user == null) {
            return null;
        }
        if (user.isValueNode()) {
            return user.asText().isBlank() ? null : user.asText();
        }
        return firstText(user, "accountId", "name", "key");
    }

    /** Text of a custom field value: plain text, or a select option / team / version object (the first of a list). */
    static String optionText(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isArray()) {
            return value.isEmpty() ? null : optionText(value.get(0));
        }
        if (value.isValueNode()) {
            return value.asText().isBlank() ? null : value.asText();
        }
        return firstText(value, "value", "name", "title", "displayName");
    }

    /**
     * Cloud sends sprint objects, Server/DC strings like {@code com.atlassian.greenhopper...Sprint@1d5e[id=3,...]}; the
     * last sprint is the current one. A value in neither shape is no sprint.
     */
    static String sprintId(JsonNode value) {
        if (value == null) {
            return null;
        }
        JsonNode last = value.isArray() ? (value.isEmpty() ? null : value.get(value.size() - 1)) : value;
        if (last == null) {
            return null;
        }
        String id = null;
        if (last.isObject()) {
            id = JsonFields.text(last, "id");
        } else if (last.isTextual()) {
            Matcher matcher = SERVER_SPRINT_ID.matcher(last.asText());
            id = matcher.find() ? matcher.group(1) : null;
        }
        return id == null ? null : SourceSystem.JIRA.code() + ":sprint:" + id;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : List.of(names)) {
            String text = JsonFields.text(node, name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }
}
