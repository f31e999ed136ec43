package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.MalformedPayloadException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Stored values of a ServiceNow record in any of its shapes: plain strings ({@code sysparm_display_value=false}),
 * references as {@code {link, value}} or {@code ""} when empty, and {@code {display_value, value}} pairs with typed
 * values ({@code =all}, Change Management API). Display values are never read: they follow the user's language,
 * time zone and date format.
 */
final class ServiceNowFields {

    private static final DateTimeFormatter STORED_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String context;
    private final JsonNode record;

    ServiceNowFields(String context, JsonNode record) {
        this.context = context;
        this.record = record;
    }

    /** The stored value as text; null when absent or empty. */
    String value(String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            if (!node.has("value")) {
                throw MalformedPayloadException.invalidField(context, field, node,
                        "carries no stored value (read with sysparm_display_value=false or all, never true)");
            }
            node = node.get("value");
            if (node == null || node.isNull()) {
                return null;
            }
        }
        if (!node.isValueNode()) {
            throw MalformedPayloadException.invalidField(context, field, node, "expected a single value");
        }
        String text = node.isNumber() ? numberText(node) : node.asText();
        return text.isEmpty() ? null : text;
    }

    String required(String field) {
        String value = value(field);
        if (value == null) {
            if (record.has(field)) {
                throw MalformedPayloadException.invalidField(context, field, "", "must not be empty");
            }
            throw MalformedPayloadException.missingField(context, field);
        }
        return value;
    }

    /** A stored date: {@code yyyy-MM-dd HH:mm:ss} in UTC without a zone marker. */
    Instant date(String field) {
        String value = value(field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, STORED_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw MalformedPayloadException.invalidField(context, field, value,
                    "not a ServiceNow stored date (expected yyyy-MM-dd HH:mm:ss, UTC)");
        }
    }

    long number(String field, long absent) {
        String value = value(field);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw MalformedPayloadException.invalidField(context, field, value, "expected a whole number");
        }
    }

    /** Typed values may come back as {@code -5} or, re-serialised, {@code -5.0}: both mean state code "-5". */
    private static String numberText(JsonNode node) {
        BigDecimal decimal = node.decimalValue().stripTrailingZeros();
        return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
    }
}
