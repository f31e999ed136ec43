package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;

import java.util.HashMap;
import java.util.Map;

/**
 * The source values of an issue that alignment reads beside the canonical item: type, project, resolution, and the
 * text of every custom field by its id (so that a field named in a mapping file, e.g. one holding an incident
 * number, can be read without the mapper knowing it).
 */
public final class JiraSourceFields {

    public static final String ISSUE_TYPE = "issuetype";
    public static final String PROJECT = "project";
    public static final String RESOLUTION = "resolution";
    /** Prefix of each field's JSON as the issue carried it, for the configured field pairs (mappings/fields.yaml). */
    public static final String JSON_PREFIX = "json:";
    /** Fields whose JSON is not kept beside the item: carried by other means (comments) or never aligned. */
    private static final java.util.Set<String> NOT_KEPT = java.util.Set.of("comment", "worklog", "watches", "votes");

    private JiraSourceFields() {
    }

    /** @param issue the issue object of a webhook or REST read; null gives no values */
    public static Map<String, String> of(JsonNode issue) {
        Map<String, String> values = new HashMap<>();
        if (issue == null) {
            return values;
        }
        values.put(ISSUE_TYPE, blankToNull(JsonFields.text(issue, "fields.issuetype.name")));
        String project = blankToNull(JsonFields.text(issue, "fields.project.key"));
        String key = JsonFields.text(issue, "key");
        if (project == null && key != null && key.indexOf('-') > 0) {
            project = key.substring(0, key.lastIndexOf('-'));
        }
        values.put(PROJECT, project);
        values.put(RESOLUTION, blankToNull(JsonFields.text(issue, "fields.resolution.name")));
        JsonNode fields = JsonFields.node(issue, "fields");
        if (fields != null && fields.isObject()) {
            fields.fields().forEachRemaining(field -> {
                if (!NOT_KEPT.contains(field.getKey())) {
                    values.put(JSON_PREFIX + field.getKey(), field.getValue().toString());
                }
                if (field.getKey().startsWith("customfield_")) {
                    values.put(field.getKey(), field.getValue().isNull() ? null
                            : blankToNull(JiraFieldValues.optionText(field.getValue())));
                }
            });
        }
        return values;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
