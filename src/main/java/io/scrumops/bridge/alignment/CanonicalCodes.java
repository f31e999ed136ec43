package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.SourceSystem;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A table of canonical names, each with the values that stand for it in Jira and in ServiceNow (a team and its
 * assignment groups, a resolution and its close codes). Several values may read as one name; the first is the one
 * written. Jira values are matched case-insensitively, ServiceNow values (stored codes and sys_ids) exactly.
 */
final class CanonicalCodes {

    private final Map<SourceSystem, Map<String, String>> toCanonical = new EnumMap<>(SourceSystem.class);
    private final Map<SourceSystem, Map<String, String>> toValue = new EnumMap<>(SourceSystem.class);

    CanonicalCodes() {
        for (SourceSystem system : List.of(SourceSystem.JIRA, SourceSystem.SERVICENOW)) {
            toCanonical.put(system, new HashMap<>());
            toValue.put(system, new LinkedHashMap<>());
        }
    }

    /** @return the canonical name {@code value} already stands for in {@code system}, when it is taken */
    Optional<String> put(String canonical, SourceSystem system, List<String> values) {
        for (String value : values) {
            String previous = toCanonical.get(system).putIfAbsent(normalize(system, value), canonical);
            if (previous != null && !previous.equals(canonical)) {
                return Optional.of(previous);
            }
        }
        if (!values.isEmpty()) {
            toValue.get(system).putIfAbsent(canonical, values.get(0));
        }
        return Optional.empty();
    }

    Optional<String> canonical(SourceSystem system, String value) {
        return value == null ? Optional.empty() : Optional.ofNullable(toCanonical.get(system).get(normalize(system, value)));
    }

    Optional<String> value(SourceSystem system, String canonical) {
        return canonical == null ? Optional.empty() : Optional.ofNullable(toValue.get(system).get(canonical));
    }

    boolean isEmpty() {
        return toValue.values().stream().allMatch(Map::isEmpty);
    }

    private static String normalize(SourceSystem system, String value) {
        return system == SourceSystem.JIRA ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
    }
}
