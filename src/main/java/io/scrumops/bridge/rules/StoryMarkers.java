package io.scrumops.bridge.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a story says it is not the default (finite, single team): labels and/or a field value. Matching ignores case.
 *
 * @param recurrenceField     name of a field whose value may say the story recurs, or null
 * @param recurringValues     values of that field meaning recurring
 * @param teamScopeField      name of a field whose value may say several teams work on the story, or null
 * @param multiTeamValues     values of that field meaning multi-team
 */
public record StoryMarkers(Set<String> recurringLabels, Set<String> multiTeamLabels, Set<String> dormantLabels,
                           String recurrenceField, Set<String> recurringValues, String teamScopeField,
                           Set<String> multiTeamValues) {

    public StoryMarkers {
        recurringLabels = lowerCase(recurringLabels);
        multiTeamLabels = lowerCase(multiTeamLabels);
        dormantLabels = lowerCase(dormantLabels);
        recurringValues = lowerCase(recurringValues);
        multiTeamValues = lowerCase(multiTeamValues);
    }

    public static StoryMarkers labels(Set<String> recurring, Set<String> multiTeam, Set<String> dormant) {
        return new StoryMarkers(recurring, multiTeam, dormant, null, null, null, null);
    }

    boolean saysRecurring(Set<String> labels, Map<String, String> fields) {
        return anyMatch(labels, recurringLabels) || fieldMatches(fields, recurrenceField, recurringValues);
    }

    boolean saysMultiTeam(Set<String> labels, Map<String, String> fields) {
        return anyMatch(labels, multiTeamLabels) || fieldMatches(fields, teamScopeField, multiTeamValues);
    }

    boolean saysDormant(Set<String> labels) {
        return anyMatch(labels, dormantLabels);
    }

    private static boolean anyMatch(Set<String> labels, Set<String> markers) {
        for (String label : labels) {
            if (markers.contains(label.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean fieldMatches(Map<String, String> fields, String field, Set<String> values) {
        if (field == null || fields == null) {
            return false;
        }
        String value = fields.get(field);
        return value != null && values.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static Set<String> lowerCase(Set<String> values) {
        return values == null ? Set.of()
                : values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
