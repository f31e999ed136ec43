package io.scrumops.bridge.mapping.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scrumops.bridge.mapping.MappingFileException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a YAML rule file as a tree and checks node shapes, naming the file and the dotted key on failure. */
final class YamlNodes {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    JsonNode parse(String content) {
        try {
            JsonNode root = YAML.readTree(content);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw fail("", "", "the file is empty");
            }
            return root;
        } catch (JacksonException e) {
            throw fail("", "", "not valid YAML: " + e.getOriginalMessage());
        }
    }

    JsonNode object(JsonNode node, String key) {
        if (node == null || !node.isObject()) {
            throw fail(key, text(node), "expected a mapping of keys to values");
        }
        return node;
    }

    JsonNode array(JsonNode node, String key) {
        if (node == null || !node.isArray()) {
            throw fail(key, text(node), "expected a list");
        }
        return node;
    }

    String string(JsonNode node, String key) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw fail(key, "", "a value is required");
        }
        if (!node.isValueNode()) {
            throw fail(key, text(node), "expected a single value");
        }
        String value = node.asText().trim();
        if (value.isEmpty()) {
            throw fail(key, "", "a value is required");
        }
        return value;
    }

    String optionalString(JsonNode parent, String field, String key) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : string(node, key);
    }

    List<String> strings(JsonNode parent, String field, String key) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        array(node, key);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(string(node.get(i), key + "[" + i + "]"));
        }
        return values;
    }

    void onlyKnownKeys(JsonNode node, String key, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw fail(join(key, name), text(node.get(name)), "unknown key; expected one of " + known);
            }
        }
    }

    Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node::fields;
    }

    MappingFileException fail(String key, String value, String problem) {
        return new MappingFileException(file, key, value, problem);
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
