package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class StoryClassifierTest {

    private final StoryClassifier classifier = new StoryClassifier(new StoryMarkers(
            Set.of("scrumops-recurring"), Set.of("scrumops-multi-team"), Set.of("scrumops-dormant"),
            "Story Recurrence", Set.of("Recurring"), "Team Scope", Set.of("Multiple Teams")));

    private static WorkItem story(String labels) {
        Set<String> set = labels == null || labels.isBlank() ? Set.of()
                : Arrays.stream(labels.split(" ")).collect(Collectors.toSet());
        return new WorkItem("s", WorkItemKind.STORY, null, null, null, null, null, null, null, null, null, null,
                null, null, null, set, null, null, null, null, null);
    }

    @ParameterizedTest(name = "labels [{0}], recurrence field {1}, scope field {2}")
    @CsvSource({
            "'',                                      ,           ,               FINITE,    SINGLE_TEAM, false",
            "unrelated,                               ,           ,               FINITE,    SINGLE_TEAM, false",
            "scrumops-recurring,                      ,           ,               RECURRING, SINGLE_TEAM, false",
            "SCRUMOPS-Recurring,                      ,           ,               RECURRING, SINGLE_TEAM, false",
            "scrumops-multi-team,                     ,           ,               FINITE,    MULTI_TEAM,  false",
            "scrumops-recurring scrumops-multi-team,  ,           ,               RECURRING, MULTI_TEAM,  false",
            "'',                                      recurring,  ,               RECURRING, SINGLE_TEAM, false",
            "'',                                      Finite,     multiple teams, FINITE,    MULTI_TEAM,  false",
            "scrumops-recurring scrumops-dormant,     ,           ,               RECURRING, SINGLE_TEAM, true",
            "scrumops-dormant,                        ,           ,               FINITE,    SINGLE_TEAM, false"})
    void defaultsToFiniteSingleTeamUnlessMarked(String labels, String recurrenceField, String scopeField,
                                                Recurrence recurrence, TeamScope scope, boolean dormant) {
        Map<String, String> fields = new java.util.HashMap<>();
        if (recurrenceField != null) {
            fields.put("Story Recurrence", recurrenceField);
        }
        if (scopeField != null) {
            fields.put("Team Scope", scopeField);
        }

        StoryAttributes attributes = classifier.classify(story(labels), fields);

        assertThat(attributes.recurrence()).isEqualTo(recurrence);
        assertThat(attributes.teamScope()).isEqualTo(scope);
        assertThat(attributes.dormant()).isEqualTo(dormant);
    }

    @Test
    void makesAStoryThatAllowsEscalationMultiTeam() {
        StoryAttributes escalating = new StoryAttributes(null, null, "po", "default", true, Map.of("*", "l2"),
                false, null, null);

        assertThat(classifier.classify(Set.of(), Map.of(), escalating).teamScope()).isEqualTo(TeamScope.MULTI_TEAM);
    }

    @Test
    void makesAStoryNamingSeveralTeamsMultiTeamAndKeepsItsOtherAttributes() {
        StoryAttributes current = new StoryAttributes(null, null, "po", "default", false, null, false,
                List.of("dev", "ops"), Map.of("dev", 5.0, "ops", 3.0));

        StoryAttributes classified = classifier.classify(Set.of(), null, current);

        assertThat(classified.teamScope()).isEqualTo(TeamScope.MULTI_TEAM);
        assertThat(classified.productOwner()).isEqualTo("po");
        assertThat(classified.slaPolicy()).isEqualTo("default");
        assertThat(classified.teamEstimates()).containsEntry("dev", 5.0);
    }
}
