package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One page of Jira Agile {@code GET /rest/agile/1.0/board/{id}/sprint} (Cloud and Data Center), as sprints of the
 * board's team. A closed sprint ends at its completeDate when Jira gives one, else at its planned endDate.
 *
 * @param nextStartAt where the next page starts
 */
public record JiraSprintPage(List<Sprint> sprints, boolean last, int nextStartAt) {

    private static final String CONTEXT = "jira sprint page";

    public JiraSprintPage {
        sprints = List.copyOf(sprints);
    }

    public static JiraSprintPage parse(String json, String team) {
        JsonNode root = JsonFields.parse(CONTEXT, json);
        JsonNode values = JsonFields.requireArray(CONTEXT, root, "values");
        List<Sprint> sprints = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            sprints.add(sprint(values.get(i), team, "values[" + i + "]."));
        }
        int startAt = root.path("startAt").asInt(0);
        boolean last = root.has("isLast") ? root.path("isLast").asBoolean() : values.isEmpty();
        return new JiraSprintPage(sprints, last || values.isEmpty(), startAt + values.size());
    }

    private static Sprint sprint(JsonNode node, String team, String path) {
        String id = JsonFields.requireText(CONTEXT, node, "id", path + "id");
        String stateText = JsonFields.requireText(CONTEXT, node, "state", path + "state");
        SprintState state;
        try {
            state = SprintState.valueOf(stateText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MalformedPayloadException.invalidField(CONTEXT, path + "state", stateText,
                    "expected active, future or closed");
        }
        Instant start = JiraDates.at(CONTEXT, node, "startDate", path + "startDate");
        Instant end = JiraDates.at(CONTEXT, node, "endDate", path + "endDate");
        Instant completed = JiraDates.at(CONTEXT, node, "completeDate", path + "completeDate");
        if (state == SprintState.CLOSED && completed != null) {
            end = completed;
        }
        return new Sprint(SourceSystem.JIRA.code() + ":sprint:" + id,
                new SourceRef(SourceSystem.JIRA, "sprint", id, null, JsonFields.text(node, "self"), 0, null),
                team, JsonFields.text(node, "name"), start, end, state);
    }
}
