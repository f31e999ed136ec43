package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Multi-value fields: Jira labels, components, versions or a multi-select, and a ServiceNow comma list or list field.
 * The canonical value is the sorted set of values joined by {@code ", "}, so that the order either side keeps them in
 * is no change. An optional value table translates each value.
 */
public record MultiValueTransform(JiraShape shape, ValueTableTransform values) implements FieldTransform {

    @Override
    public String fromJira(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> items.add(JiraShape.read(v)));
        } else {
            items.addAll(split(value.asText()));
        }
        return join(items.stream().map(v -> values == null || v == null ? v : values.fromJiraText(v)).toList());
    }

    @Override
    public JsonNode toJira(String canonical) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (String item : split(canonical)) {
            array.add(shape.write(values == null ? item : values.jiraText(item)));
        }
        return array;
    }

    @Override
    public String fromServiceNow(String stored) {
        return join(split(stored).stream().map(v -> values == null ? v : values.fromServiceNow(v)).toList());
    }

    @Override
    public String toServiceNow(String canonical) {
        return String.join(",", split(canonical).stream().map(v -> values == null ? v : values.toServiceNow(v)).toList());
    }

    static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        if (list == null) {
            return items;
        }
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static String join(List<String> items) {
        TreeSet<String> sorted = new TreeSet<>();
        items.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).forEach(sorted::add);
        return sorted.isEmpty() ? null : String.join(", ", sorted);
    }
}
