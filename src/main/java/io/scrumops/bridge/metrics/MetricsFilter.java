package io.scrumops.bridge.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What a metrics query covers: a project's scopes and/or one team or scope, the window [from, to) in UTC, and the
 * profile.
 */
public record MetricsFilter(String project, String team, Instant from, Instant to, MetricsProfile profile) {

    public MetricsFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        project = blankToNull(project);
        team = blankToNull(team);
        profile = profile == null ? MetricsProfile.DEFAULT : profile;
    }

    /**
     * @param from a date (start of that UTC day) or an ISO-8601 time; default: 90 days before {@code to}
     * @param to   a date (inclusive: up to the end of that UTC day) or an ISO-8601 time (exclusive); default: the
     *             end of today (UTC)
     */
    public static MetricsFilter of(String project, String team, String from, String to, String profile, Instant now) {
        Instant end = to == null || to.isBlank()
                ? now.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                : time(to, true, "to");
        Instant start = from == null || from.isBlank() ? end.minusSeconds(90L * 86400) : time(from, false, "from");
        return new MetricsFilter(project, team, start, end, MetricsProfile.parse(profile));
    }

    /** The SQL condition that keeps a scope expression in this filter (empty when the filter takes every scope). */
    String scope(String expression) {
        StringBuilder sql = new StringBuilder();
        if (project != null) {
            sql.append(" and ").append(expression).append(" in (select ms.scope from metric_scope ms where ms.project = :project)");
        }
        if (team != null) {
            sql.append(" and ").append(expression).append(" = :team");
        }
        return sql.toString();
    }

    private static Instant time(String value, boolean endOfDay, String name) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (2024-01-31) or an ISO-8601 time, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
