package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A value table: each canonical value with the Jira value and the ServiceNow stored value that stand for it (a
 * select option and a choice, a component and a category). Jira values are matched case-insensitively, ServiceNow
 * values exactly; a value not in the table is not carried.
 */
public final class ValueTableTransform implements FieldTransform {

    private final Map<String, String> jiraToCanonical = new LinkedHashMap<>();
    private final Map<String, String> serviceNowToCanonical = new LinkedHashMap<>();
    private final Map<String, String> canonicalToJira = new LinkedHashMap<>();
    private final Map<String, String> canonicalToServiceNow = new LinkedHashMap<>();
    private final JiraShape shape;

    public ValueTableTransform(JiraShape shape) {
        this.shape = shape;
    }

    /** @return the canonical value {@code jira} or {@code serviceNow} already stands for, when one is taken twice */
    public Optional<String> put(String canonical, String jira, String serviceNow) {
        String takenJira = jiraToCanonical.putIfAbsent(jira.strip().toLowerCase(Locale.ROOT), canonical);
        if (takenJira != null && !takenJira.equals(canonical)) {
            return Optional.of(takenJira);
        }
        String takenServiceNow = serviceNowToCanonical.putIfAbsent(serviceNow.strip(), canonical);
        if (takenServiceNow != null && !takenServiceNow.equals(canonical)) {
            return Optional.of(takenServiceNow);
        }
        canonicalToJira.putIfAbsent(canonical, jira);
        canonicalToServiceNow.putIfAbsent(canonical, serviceNow);
        return Optional.empty();
    }

    @Override
    public String fromJira(JsonNode value) {
        return fromJiraText(JiraShape.read(value));
    }

    String fromJiraText(String text) {
        if (text == null) {
            return null;
        }
        String canonical = jiraToCanonical.get(text.strip().toLowerCase(Locale.ROOT));
        if (canonical == null) {
            throw new UnresolvedValueException(text, "no entry of the value table has this Jira value");
        }
        return canonical;
    }

    @Override
    public JsonNode toJira(String canonical) {
        if (canonical == null) {
            return NullNode.getInstance();
        }
        return shape.write(jiraText(canonical));
    }

    String jiraText(String canonical) {
        String value = canonicalToJira.get(canonical);
        if (value == null) {
            throw new UnresolvedValueException(canonical, "no Jira value in the value table");
        }
        return value;
    }

    @Override
    public String fromServiceNow(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        String canonical = serviceNowToCanonical.get(stored.strip());
        if (canonical == null) {
            throw new UnresolvedValueException(stored, "no entry of the value table has this ServiceNow value");
        }
        return canonical;
    }

    @Override
    public String toServiceNow(String canonical) {
        if (canonical == null) {
            return "";
        }
        String value = canonicalToServiceNow.get(canonical);
        if (value == null) {
            throw new UnresolvedValueException(canonical, "no ServiceNow value in the value table");
        }
        return value;
    }
}
