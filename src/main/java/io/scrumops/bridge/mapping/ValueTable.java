package io.scrumops.bridge.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One section of a mapping file: source value -> mapped value, matched case-insensitively after trimming.
 * An unknown value is an error that names the file, the section and the known values.
 */
public final class ValueTable<V> {

    private final String file;
    private final String key;
    private final Map<String, V> byNormalizedName;
    private final List<String> names;

    public ValueTable(String file, String key, Map<String, V> entries) {
        this.file = file;
        this.key = key;
        Map<String, V> normalized = new LinkedHashMap<>();
        entries.forEach((name, value) -> normalized.put(normalize(name), value));
        this.byNormalizedName = Collections.unmodifiableMap(normalized);
        this.names = List.copyOf(new ArrayList<>(entries.keySet()));
    }

    public static <V> ValueTable<V> empty(String file, String key) {
        return new ValueTable<>(file, key, Map.of());
    }

    static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<V> find(String value) {
        return value == null ? Optional.empty() : Optional.ofNullable(byNormalizedName.get(normalize(value)));
    }

    public V get(String value) {
        return find(value).orElseThrow(() -> unknown(value));
    }

    public UnknownMappingValueException unknown(String value) {
        return new UnknownMappingValueException(file, key, String.valueOf(value), names);
    }

    public List<String> names() {
        return names;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }
}
