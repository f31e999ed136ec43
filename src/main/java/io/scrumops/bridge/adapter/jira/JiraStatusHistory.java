package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Status changes from Jira changelogs: webhook {@code changelog.items} and REST histories. */
final class JiraStatusHistory {

    private JiraStatusHistory() {
    }

    /** REST histories ({@code changelog.histories[]} or the PageBean {@code values[]}), each with created, author, items. */
    static List<StatusChange> fromHistories(String context, JiraMapping mapping, WorkItem item, JsonNode histories,
                                            String path) {
        return fromHistories(context, mapping, item, histories, path, Map.of());
    }

    /** @param categories status name (lower case) -> Jira status category key, from Jira's status list */
    static List<StatusChange> fromHistories(String context, JiraMapping mapping, WorkItem item, JsonNode histories,
                                            String path, Map<String, String> categories) {
        List<StatusChange> changes = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            JsonNode history = histories.get(i);
            String historyPath = path + "[" + i + "]";
            Instant at = JiraDates.at(context, history, "created", historyPath + ".created");
            JsonNode items = JsonFields.node(history, "items");
            if (items == null) {
                throw MalformedPayloadException.missingField(context, historyPath + ".items");
            }
            changes.addAll(fromItems(context, mapping, item, items, at,
                    JiraFieldValues.user(JsonFields.node(history, "author")), historyPath + ".items", categories));
        }
        return changes;
    }

    static List<StatusChange> fromItems(String context, JiraMapping mapping, WorkItem item, JsonNode items, Instant at,
                                        String author, String path) {
        return fromItems(context, mapping, item, items, at, author, path, Map.of());
    }

    static List<StatusChange> fromItems(String context, JiraMapping mapping, WorkItem item, JsonNode items, Instant at,
                                        String author, String path, Map<String, String> categories) {
        List<StatusChange> changes = new ArrayList<>();
        String workItemId = item == null ? null : item.id();
        for (JsonNode change : items) {
            if (!isStatusItem(change)) {
                continue;
            }
            String from = JsonFields.text(change, "fromString");
            String to = JsonFields.text(change, "toString");
            if (to == null) {
                throw MalformedPayloadException.missingField(context, path + "[status].toString");
            }
            changes.add(new StatusChange(workItemId, status(mapping, item, from, categories),
                    status(mapping, item, to, categories), from, to, at, author));
        }
        return changes;
    }

    /** fieldId when Jira sends it (Cloud), else the field name, which Server capitalises at will. */
    private static boolean isStatusItem(JsonNode change) {
        String fieldId = JsonFields.text(change, "fieldId");
        if (fieldId != null) {
            return fieldId.equals("status");
        }
        String field = JsonFields.text(change, "field");
        return field != null && field.toLowerCase(Locale.ROOT).equals("status");
    }

    /**
     * A status named in history. History carries no status category: a name the mapping does not list takes the
     * category Jira's status list gives it (when the reader supplied that list), and is otherwise left unmapped (null,
     * the raw name kept beside it). Workflows change over the years and old issues keep old names; such a step must
     * not keep the issue out of the store.
     */
    private static CanonicalStatus status(JiraMapping mapping, WorkItem item, String name,
                                          Map<String, String> categories) {
        if (name == null) {
            return null;
        }
        if (item != null && name.equalsIgnoreCase(item.sourceStatus())) {
            return item.status();
        }
        try {
            return mapping.status(name, categories.get(name.toLowerCase(Locale.ROOT)));
        } catch (UnknownMappingValueException unmapped) {
            return null;
        }
    }
}
