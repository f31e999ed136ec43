package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Status changes from Jira changelogs: webhook {@code changelog.items} and REST histories. */
final class JiraStatusHistory {

    private JiraStatusHistory() {
    }

    /** REST histories ({@code changelog.histories[]} or the PageBean {@code values[]}), each with created, author, items. */
    static List<StatusChange> fromHistories(String context, JiraMapping mapping, WorkItem item, JsonNode histories,
                                            String path) {
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
                    JiraFieldValues.user(JsonFields.node(history, "author")), historyPath + ".items"));
        }
        return changes;
    }

    static List<StatusChange> fromItems(String context, JiraMapping mapping, WorkItem item, JsonNode items, Instant at,
                                        String author, String path) {
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
            changes.add(new StatusChange(workItemId, status(mapping, item, from), status(mapping, item, to), from, to, at,
                    author));
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
     * A status named in history. History carries no status category, so the category fallback applies only to the
     * issue's current status; any other status must be listed by name.
     */
    private static CanonicalStatus status(JiraMapping mapping, WorkItem item, String name) {
        if (name == null) {
            return null;
        }
        if (item != null && name.equalsIgnoreCase(item.sourceStatus())) {
            return item.status();
        }
        return mapping.status(name, null);
    }
}
