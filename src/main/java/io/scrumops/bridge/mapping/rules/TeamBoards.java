package io.scrumops.bridge.mapping.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code mappings/teams.yaml} says: each team's Jira Agile board, and per story (Jira key) its escalation
 * targets.
 */
public record TeamBoards(List<Team> teams, Map<String, Map<String, String>> escalationTargets) {

    public TeamBoards {
        teams = teams == null ? List.of() : List.copyOf(teams);
        escalationTargets = escalationTargets == null ? Map.of() : Map.copyOf(escalationTargets);
    }

    public static TeamBoards none() {
        return new TeamBoards(List.of(), Map.of());
    }

    /** @param recurringStoryKeys Jira keys of the team's recurring stories, recurring whatever their labels say */
    public record Team(String name, long boardId, String projectKey, Set<String> recurringStoryKeys) {

        public Team {
            recurringStoryKeys = recurringStoryKeys == null ? Set.of() : Set.copyOf(recurringStoryKeys);
        }
    }

    public Optional<Team> team(String name) {
        return teams.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public boolean isRecurring(String storyKey) {
        return storyKey != null && teams.stream().anyMatch(t -> t.recurringStoryKeys().contains(storyKey));
    }

    public Map<String, String> escalationTargetsOf(String storyKey) {
        return storyKey == null ? Map.of() : escalationTargets.getOrDefault(storyKey, Map.of());
    }
}
