package io.scrumops.bridge.writeback;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The HTTP {@code Retry-After} header: a number of seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** When the header says to come back, counted from {@code now}; empty when it is absent or unreadable. */
    public static Optional<Instant> at(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            return Optional.of(now.plusSeconds(Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
