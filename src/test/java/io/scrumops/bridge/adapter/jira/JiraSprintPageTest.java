package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.model.SprintState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JiraSprintPageTest {

    static final String PAGE = """
            {"maxResults": 2, "startAt": 0, "isLast": false, "values": [
              {"id": 37, "self": "https://jira.example.com/rest/agile/1.0/sprint/37", "state": "closed",
               "name": "OPS 37", "startDate": "2026-02-16T08:00:00.000Z", "endDate": "2026-03-02T08:00:00.000Z",
               "completeDate": "2026-03-02T09:30:00.000Z", "originBoardId": 11},
              {"id": 38, "state": "active", "name": "OPS 38", "startDate": "2026-03-02T08:00:00.000+01:00",
               "endDate": "2026-03-16T08:00:00.000+01:00"}]}""";

    @Test
    void readsSprintsOfTheBoardsTeamWithWhereTheNextPageStarts() {
        JiraSprintPage page = JiraSprintPage.parse(PAGE, "ops-l1");

        assertThat(page.last()).isFalse();
        assertThat(page.nextStartAt()).isEqualTo(2);
        assertThat(page.sprints()).extracting(s -> s.id() + " " + s.state() + " " + s.team())
                .containsExactly("jira:sprint:37 CLOSED ops-l1", "jira:sprint:38 ACTIVE ops-l1");
        assertThat(page.sprints().get(0).end()).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
        assertThat(page.sprints().get(1).start()).isEqualTo(Instant.parse("2026-03-02T07:00:00Z"));
        assertThat(page.sprints().get(1).state()).isEqualTo(SprintState.ACTIVE);
    }

    @Test
    void emptyPageIsTheLast() {
        assertThat(JiraSprintPage.parse("{\"values\": []}", "ops-l1").last()).isTrue();
    }
}
