package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.alignment.transform.FieldTransform;
import io.scrumops.bridge.alignment.transform.UnresolvedValueException;
import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;
import java.util.Set;

/**
 * One configured field pair of {@code mappings/fields.yaml}: a Jira field (system or custom), a ServiceNow field, the
 * direction changes travel in, who owns the field and who wins a conflict, and the transform between the two.
 *
 * @param name   the entry's name; the pair's agreed value and fingerprints are kept under {@link #key()}
 * @param tables the ServiceNow tables the pair applies to; empty for all
 */
public record MappedField(String name, String jiraField, String serviceNowField, Direction direction,
                          FieldPolicy policy, FieldTransform transform, Set<String> tables) {

    /** Prefix of the keys of configured fields among the pair's agreed values and fingerprints. */
    public static final String KEY_PREFIX = "field.";
    /** Prefix under which a Jira change carries each field's JSON ({@link io.scrumops.bridge.adapter.jira.JiraSourceFields}). */
    public static final String JIRA_JSON = "json:";
    /** Prefix under which a ServiceNow change carries each field's stored value. */
    public static final String SERVICENOW_VALUE = "value:";
    /** Prefix of a canonical value one side holds that the transform could not read; it counts as a change but is not carried. */
    static final String UNRESOLVED = "unresolved:";

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Direction {
        BOTH, TO_JIRA, TO_SERVICENOW;

        /** Whether changes are carried into {@code target}. */
        public boolean carriesTo(SourceSystem target) {
            return this == BOTH || (this == TO_JIRA) == (target == SourceSystem.JIRA);
        }
    }

    public MappedField {
        tables = tables == null ? Set.of() : Set.copyOf(tables);
    }

    public String key() {
        return KEY_PREFIX + name;
    }

    public boolean appliesTo(String table) {
        return tables.isEmpty() || table == null || tables.contains(table);
    }

    /** Whether the change carried this field at all; a field a record did not carry is no change. */
    boolean present(SourceSystem side, Map<String, String> sourceFields) {
        return sourceFields.containsKey(side == SourceSystem.JIRA ? JIRA_JSON + jiraField : SERVICENOW_VALUE + serviceNowField);
    }

    /** The canonical value {@code side} holds; {@code unresolved:<side>:<value>} when the transform cannot read it. */
    String canonical(SourceSystem side, Map<String, String> sourceFields) {
        if (side == SourceSystem.JIRA) {
            String json = sourceFields.get(JIRA_JSON + jiraField);
            if (json == null) {
                return null;
            }
            try {
                return transform.fromJira(JSON.readTree(json));
            } catch (UnresolvedValueException e) {
                return UNRESOLVED + "jira:" + e.value();
            } catch (java.io.IOException e) {
                return UNRESOLVED + "jira:" + json;
            }
        }
        String stored = sourceFields.get(SERVICENOW_VALUE + serviceNowField);
        try {
            return stored == null ? null : transform.fromServiceNow(stored);
        } catch (UnresolvedValueException e) {
            return UNRESOLVED + "servicenow:" + e.value();
        }
    }

    /** The value to write into {@code target}: a Jira field value as plain Java (maps, lists), or a ServiceNow stored value. */
    Object written(SourceSystem target, String canonical) {
        if (canonical != null && canonical.startsWith(UNRESOLVED)) {
            throw new UnresolvedValueException(canonical.substring(canonical.indexOf(':', UNRESOLVED.length()) + 1),
                    "could not be read on the side it came from");
        }
        if (target == SourceSystem.JIRA) {
            JsonNode value = transform.toJira(canonical);
            return JSON.convertValue(value, Object.class);
        }
        return transform.toServiceNow(canonical);
    }

    /** What {@code target} reports after the bridge wrote {@code canonical} there (the canonical of the written value). */
    String reported(SourceSystem target, String canonical) {
        if (canonical == null || canonical.startsWith(UNRESOLVED)) {
            return canonical;
        }
        try {
            if (target == SourceSystem.JIRA) {
                return transform.fromJira(transform.toJira(canonical));
            }
            return transform.fromServiceNow(transform.toServiceNow(canonical));
        } catch (UnresolvedValueException e) {
            return canonical;
        }
    }

    String field(SourceSystem side) {
        return side == SourceSystem.JIRA ? jiraField : serviceNowField;
    }
}
