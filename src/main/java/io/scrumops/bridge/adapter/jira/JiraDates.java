package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** Jira timestamps: {@code 2019-02-15T19:01:52.971-0800}, an offset without a colon that ISO_OFFSET_DATE_TIME rejects. */
final class JiraDates {

    private static final DateTimeFormatter JIRA = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private JiraDates() {
    }

    static Instant parse(String text) {
        return OffsetDateTime.parse(text.trim(), JIRA).toInstant();
    }

    /** The date at the path, or null when absent; a value that is not a Jira date is malformed. */
    static Instant at(String context, JsonNode root, String path, String reportedPath) {
        JsonNode node = JsonFields.node(root, path);
        if (node == null || (node.isTextual() && node.asText().isBlank())) {
            return null;
        }
        if (!node.isTextual()) {
            throw MalformedPayloadException.invalidField(context, reportedPath, node, "not a Jira date");
        }
        try {
            return parse(node.asText());
        } catch (DateTimeParseException e) {
            throw MalformedPayloadException.invalidField(context, reportedPath, node.asText(),
                    "not a Jira date (expected e.g. 2019-02-15T19:01:52.971-0800)");
        }
    }
}
