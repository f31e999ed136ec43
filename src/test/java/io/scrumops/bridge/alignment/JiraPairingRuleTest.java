package io.scrumops.bridge.alignment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JiraPairingRuleTest {

    private final JiraPairingRule appBugs = new JiraPairingRule("app bugs", Set.of("APP"), Set.of("Bug"), Set.of(),
            Map.of("category", "software"));
    private final JiraPairingRule labelled = new JiraPairingRule("labelled", Set.of(), Set.of(),
            Set.of("incident", "customer-facing"), Map.of());

    @Test
    void matchesWhenEveryGivenConditionHoldsIgnoringCase() {
        assertThat(appBugs.matches("app", "BUG", List.of())).isTrue();
        assertThat(appBugs.matches("APP", "Task", List.of())).isFalse();
        assertThat(appBugs.matches("WEB", "Bug", List.of())).isFalse();
        assertThat(appBugs.matches(null, "Bug", List.of())).isFalse();
    }

    @Test
    void labelConditionHoldsWhenTheIssueCarriesAnyOfTheLabels() {
        assertThat(labelled.matches("WEB", "Story", List.of("frontend", "Customer-Facing"))).isTrue();
        assertThat(labelled.matches("WEB", "Story", List.of("frontend"))).isFalse();
        assertThat(labelled.matches("WEB", "Story", List.of())).isFalse();
    }

    @Test
    void firstMatchingRuleWins() {
        assertThat(JiraPairingRule.first(List.of(appBugs, labelled), "APP", "Bug", List.of("incident")))
                .contains(appBugs);
        assertThat(JiraPairingRule.first(List.of(appBugs, labelled), "WEB", "Bug", List.of("incident")))
                .contains(labelled);
        assertThat(JiraPairingRule.first(List.of(appBugs, labelled), "WEB", "Bug", List.of())).isEmpty();
    }
}
