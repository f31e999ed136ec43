package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;

import java.util.HashMap;
import java.util.Map;

/** The source values of an issue that alignment reads beside the canonical item: type, project and resolution. */
public final class JiraSourceFields {

    public static final String ISSUE_TYPE = "issuetype";
    public static final String PROJECT = "project";
    public static final String RESOLUTION = "resolution";

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
        return values;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
