package io.scrumops.bridge.rules;

import java.util.List;

/**
 * What closing a sprint means for its stories.
 *
 * @param moves              stories, work packages and tasks that continue in the next sprint
 * @param unfinished         finite stories left unfinished, reported and not moved
 * @param dormantNotScheduled dormant recurring stories whose trigger did not fire
 * @param teamPortions       per team estimates and tasks of every multi-team story considered
 */
public record RolloverDecision(String closingSprintId, String nextSprintId, List<MoveToSprint> moves,
                               List<UnfinishedStory> unfinished, List<String> dormantNotScheduled,
                               List<TeamPortion> teamPortions) {

    public RolloverDecision {
        moves = List.copyOf(moves);
        unfinished = List.copyOf(unfinished);
        dormantNotScheduled = List.copyOf(dormantNotScheduled);
        teamPortions = List.copyOf(teamPortions);
    }

    public List<RuleCommand> commands() {
        return List.copyOf(moves);
    }
}
