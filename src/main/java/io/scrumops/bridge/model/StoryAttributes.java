package io.scrumops.bridge.model;

import java.util.List;
import java.util.Map;

/**
 * What makes a user story a ScrumOps story. A story is FINITE and SINGLE_TEAM unless marked otherwise.
 *
 * @param slaPolicy               the SLA policy name the story carries, or null when it carries none
 * @param escalationTargets       target story id per work-package category; the key {@code "*"} matches any category
 * @param dormant                 a recurring story that is scheduled only when its trigger fires
 * @param teamEstimates           story points (or hours) each team committed to, for multiple-team stories
 */
public record StoryAttributes(Recurrence recurrence, TeamScope teamScope, String productOwner, String slaPolicy,
                              boolean escalationAllowed, Map<String, String> escalationTargets, boolean dormant,
                              List<String> teams, Map<String, Double> teamEstimates) {

    public StoryAttributes {
        recurrence = recurrence == null ? Recurrence.FINITE : recurrence;
        teamScope = teamScope == null ? TeamScope.SINGLE_TEAM : teamScope;
        escalationTargets = escalationTargets == null ? Map.of() : Map.copyOf(escalationTargets);
        teams = teams == null ? List.of() : List.copyOf(teams);
        teamEstimates = teamEstimates == null ? Map.of() : Map.copyOf(teamEstimates);
    }

    public static StoryAttributes defaults() {
        return new StoryAttributes(null, null, null, null, false, null, false, null, null);
    }

    public boolean hasSla() {
        return slaPolicy != null && !slaPolicy.isBlank();
    }
}
