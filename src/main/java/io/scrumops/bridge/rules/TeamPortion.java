package io.scrumops.bridge.rules;

import java.util.List;

/**
 * One team's portion of a multi-team story at sprint close: its own estimate and tasks, shown to every team.
 *
 * @param estimate null when the team gave none
 */
public record TeamPortion(String storyId, String team, Double estimate, List<String> openTaskIds,
                          List<String> doneTaskIds) {

    public TeamPortion {
        openTaskIds = openTaskIds == null ? List.of() : List.copyOf(openTaskIds);
        doneTaskIds = doneTaskIds == null ? List.of() : List.copyOf(doneTaskIds);
    }
}
