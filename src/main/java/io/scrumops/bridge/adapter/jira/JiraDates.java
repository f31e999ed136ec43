package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        String trimmed = text.trim();
        Instant usual = usualForm(trimmed);
        return usual != null ? usual : OffsetDateTime.parse(trimmed, JIRA).toInstant();
    }

    /**
     * The form Jira always sends ({@code 2019-02-15T19:01:52.971-0800}) read by position, or null for any other form
     * or a value out of range (left to the formatter, which also words the error): the formatter's general parse was
     * a fifteenth of a consumer's CPU.
     */
    private static Instant usualForm(String text) {
        if (text.length() != 28 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || (text.charAt(23) != '+' && text.charAt(23) != '-')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int millis = digits(text, 20, 23);
        int offsetHours = digits(text, 24, 26);
        int offsetMinutes = digits(text, 26, 28);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0
                || offsetHours < 0 || offsetMinutes < 0) {
            return null;
        }
        int sign = text.charAt(23) == '-' ? -1 : 1;
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes);
            return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000).toInstant(offset);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
