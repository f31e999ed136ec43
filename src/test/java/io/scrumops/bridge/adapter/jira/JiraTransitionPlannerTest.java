package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.mapping.MappingLoader;
import io.scrumops.bridge.model.CanonicalStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JiraTransitionPlannerTest {

    private static final JiraMapping MAPPING = new MappingLoader(Path.of("mappings")).loadJira();

    private static JiraTransitionPlanner.Transition to(String id, String status, String category) {
        return new JiraTransitionPlanner.Transition(id, "go " + status, status, category, Map.of());
    }

    @Test
    void picksTheTransitionWhoseStatusMapsToTheTarget() {
        var step = JiraTransitionPlanner.next(MAPPING, List.of(to("11", "In Progress", "indeterminate"),
                to("21", "On Hold", "indeterminate")), CanonicalStatus.ON_HOLD, Set.of()).orElseThrow();
        assertThat(step.transition().id()).isEqualTo("21");
        assertThat(step.reachesTarget()).isTrue();
    }

    @Test
    void fallsBackToADoneCategoryStatusWhenNoStatusMapsExactly() {
        var step = JiraTransitionPlanner.next(MAPPING, List.of(to("11", "In Progress", "indeterminate"),
                to("31", "Resolved", "done")), CanonicalStatus.DONE, Set.of()).orElseThrow();
        assertThat(step.transition().id()).isEqualTo("31");
        assertThat(step.reachesTarget()).isTrue();
    }

    @Test
    void walksThroughInProgressWhenNoDirectTransitionExists() {
        var first = JiraTransitionPlanner.next(MAPPING, List.of(to("51", "Backlog", "new"),
                to("11", "In Progress", "indeterminate")), CanonicalStatus.ON_HOLD, Set.of()).orElseThrow();
        assertThat(first.transition().id()).isEqualTo("11");
        assertThat(first.reachesTarget()).isFalse();
        var second = JiraTransitionPlanner.next(MAPPING, List.of(to("51", "To Do", "new"),
                to("21", "Waiting", "indeterminate")), CanonicalStatus.ON_HOLD, Set.of("in progress")).orElseThrow();
        assertThat(second.transition().id()).isEqualTo("21");
        assertThat(second.reachesTarget()).isTrue();
    }

    @Test
    void givesUpRatherThanCirclingThroughVisitedStatuses() {
        assertThat(JiraTransitionPlanner.next(MAPPING, List.of(to("11", "In Progress", "indeterminate")),
                CanonicalStatus.ON_HOLD, Set.of("in progress"))).isEmpty();
    }
}
