package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Dates and date-times. Jira gives date-times with their offset ({@code 2011-12-14T10:26:06.030+1300}) and dates as
 * {@code yyyy-MM-dd}; ServiceNow stores date-times as {@code yyyy-MM-dd HH:mm:ss} in UTC and dates as
 * {@code yyyy-MM-dd}. The canonical date-time is the UTC instant to the second (ServiceNow keeps no fractions), the
 * canonical date the ISO date.
 */
public record DateTransform(boolean withTime) implements FieldTransform {

    private static final DateTimeFormatter SERVICENOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter JIRA_WRITE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");
    private static final DateTimeFormatter JIRA_READ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    @Override
    public String fromJira(JsonNode value) {
        String text = JiraShape.read(value);
        if (text == null) {
            return null;
        }
        try {
            if (!withTime) {
                return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toString();
            }
            return OffsetDateTime.parse(text, JIRA_READ).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            throw new UnresolvedValueException(text, "not a Jira " + (withTime ? "date-time" : "date"));
        }
    }

    @Override
    public JsonNode toJira(String canonical) {
        if (canonical == null) {
            return NullNode.getInstance();
        }
        return TextNode.valueOf(withTime ? JIRA_WRITE.format(Instant.parse(canonical).atOffset(ZoneOffset.UTC)) : canonical);
    }

    @Override
    public String fromServiceNow(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            if (!withTime) {
                return LocalDate.parse(stored.strip().substring(0, Math.min(10, stored.strip().length()))).toString();
            }
            return LocalDateTime.parse(stored.strip(), SERVICENOW).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw new UnresolvedValueException(stored, "not a ServiceNow stored " + (withTime ? "date-time" : "date"));
        }
    }

    @Override
    public String toServiceNow(String canonical) {
        if (canonical == null) {
            return "";
        }
        return withTime ? SERVICENOW.format(Instant.parse(canonical).atOffset(ZoneOffset.UTC)) : canonical;
    }
}
