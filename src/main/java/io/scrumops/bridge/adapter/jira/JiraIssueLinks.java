package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Causes named by an issue's links. In issue A's {@code fields.issuelinks}, an entry with {@code inwardIssue} B reads
 * "A {type.inward} B" and one with {@code outwardIssue} B reads "A {type.outward} B"; A is caused by B when that
 * phrase is "is caused by" (Jira Service Management's Problem/Incident type, and custom types worded the same).
 */
public final class JiraIssueLinks {

    private static final String CAUSED_BY = "is caused by";

    private JiraIssueLinks() {
    }

    /** Empty when the issue carries no {@code issuelinks} field (a trimmed webhook issue): nothing is known. */
    public static Optional<List<String>> causes(JsonNode issue) {
        JsonNode links = JsonFields.node(issue, "fields.issuelinks");
        if (links == null || !links.isArray()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode link : links) {
            String inward = JsonFields.text(link, "type.inward");
            String outward = JsonFields.text(link, "type.outward");
            String inwardKey = JsonFields.text(link, "inwardIssue.key");
            String outwardKey = JsonFields.text(link, "outwardIssue.key");
            if (inwardKey != null && isCausedBy(inward)) {
                keys.add(inwardKey);
            } else if (outwardKey != null && isCausedBy(outward)) {
                keys.add(outwardKey);
            }
        }
        return Optional.of(keys);
    }

    private static boolean isCausedBy(String phrase) {
        return phrase != null && phrase.trim().toLowerCase(Locale.ROOT).equals(CAUSED_BY);
    }
}
