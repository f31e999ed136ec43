package io.scrumops.bridge.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One parsed mapping file and typed, validating reads from it; every failure names the file, the dotted key and the value. */
final class MappingDocument {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    static final String MISSING = "(missing)";

    private final String file;
    private final JsonNode root;

    private MappingDocument(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static MappingDocument read(Path path) {
        String file = path.toString().replace('\\', '/');
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MappingFileException(file, "(file)", MISSING, "mapping file not found");
        } catch (IOException e) {
            throw new MappingFileException(file, "(file)", "", "cannot read mapping file: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            throw new MappingFileException(file, "line " + line, lineText(text, line),
                    "malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new MappingFileException(file, "(document)", "", "mapping file is empty");
        }
        if (!root.isObject()) {
            throw new MappingFileException(file, "(document)", root.asText(), "top level must be a mapping of sections");
        }
        return new MappingDocument(file, root);
    }

    private static String lineText(String text, int line) {
        List<String> lines = text.lines().toList();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1).trim() : "";
    }

    String file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    MappingFileException error(String key, String value, String problem) {
        return new MappingFileException(file, key, value, problem);
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    void allowOnly(JsonNode node, String path, String... allowed) {
        Set<String> allowedKeys = Set.of(allowed);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowedKeys.contains(name)) {
                throw error(child(path, name), name, "unknown key (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    JsonNode section(JsonNode parent, String path, String name, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw error(child(path, name), MISSING, "required section is missing");
            }
            return null;
        }
        if (!node.isObject()) {
            throw error(child(path, name), node.asText(), "must be a mapping of keys to values");
        }
        return node;
    }

    JsonNode list(JsonNode parent, String path, String name, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw error(child(path, name), MISSING, "required list is missing");
            }
            return null;
        }
        if (!node.isArray()) {
            throw error(child(path, name), node.asText(), "must be a list");
        }
        return node;
    }

    String text(JsonNode parent, String path, String name, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw error(child(path, name), MISSING, "required value is missing");
            }
            return null;
        }
        return scalar(node, child(path, name));
    }

    String scalar(JsonNode node, String key) {
        if (!node.isValueNode()) {
            throw error(key, node.toString(), "must be a single value");
        }
        String value = node.asText().trim();
        if (value.isEmpty()) {
            throw error(key, "", "must not be empty");
        }
        return value;
    }

    /** A scalar or a list of scalars, as a list. */
    List<String> texts(JsonNode parent, String path, String name, boolean required) {
        JsonNode node = parent.get(name);
        String key = child(path, name);
        if (node == null || node.isNull()) {
            if (required) {
                throw error(key, MISSING, "required value is missing");
            }
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(scalar(node, key));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(scalar(node.get(i), key + "[" + i + "]"));
        }
        return values;
    }

    <E extends Enum<E>> E enumValue(JsonNode node, String key, Class<E> type, String what) {
        String value = scalar(node, key);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw error(key, value, "unknown " + what + " (allowed: " + allowed + ")");
        }
    }

    <E extends Enum<E>> ValueTable<E> enumTable(JsonNode parent, String path, String name, Class<E> type, String what,
                                                boolean required) {
        String key = child(path, name);
        JsonNode node = section(parent, path, name, required);
        if (node == null) {
            return ValueTable.empty(file, key);
        }
        return table(node, key, (entryKey, value) -> enumValue(value, entryKey, type, what));
    }

    interface EntryReader<V> {
        V read(String entryKey, JsonNode value);
    }

    <V> ValueTable<V> table(JsonNode node, String key, EntryReader<V> reader) {
        Map<String, V> entries = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey().trim();
            String entryKey = child(key, name);
            if (name.isEmpty()) {
                throw error(entryKey, "", "empty name");
            }
            String previous = seen.put(ValueTable.normalize(name), name);
            if (previous != null) {
                throw error(entryKey, name, "duplicate of '" + previous + "' (names are matched case-insensitively)");
            }
            if (field.getValue() == null || field.getValue().isNull()) {
                throw error(entryKey, "", "no value given");
            }
            entries.put(name, reader.read(entryKey, field.getValue()));
        }
        return new ValueTable<>(file, key, entries);
    }
}
