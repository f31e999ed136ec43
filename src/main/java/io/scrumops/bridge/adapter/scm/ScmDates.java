package io.scrumops.bridge.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** ISO-8601 (GitHub, GitLab commits) and GitLab's {@code 2017-12-10 17:01:11 UTC} / {@code ... +0200} forms. */
final class ScmDates {

    private static final DateTimeFormatter GITLAB_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final DateTimeFormatter GITLAB_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private ScmDates() {
    }

    static Instant at(String context, JsonNode root, String path) {
        String text = JsonFields.text(root, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return OffsetDateTime.parse(text, GITLAB_OFFSET).toInstant();
            } catch (DateTimeParseException offset) {
                try {
                    return ZonedDateTime.parse(text, GITLAB_ZONE).toInstant();
                } catch (DateTimeParseException zone) {
                    throw MalformedPayloadException.invalidField(context, path, text,
                            "not a date-time (ISO-8601, or GitLab's 2017-12-10 17:01:11 UTC)");
                }
            }
        }
    }

    /** GitHub gives some repository times as epoch seconds. */
    static Instant epochOrIso(String context, JsonNode root, String path) {
        JsonNode node = JsonFields.node(root, path);
        if (node != null && node.isIntegralNumber()) {
            return Instant.ofEpochSecond(node.asLong());
        }
        return at(context, root, path);
    }
}
