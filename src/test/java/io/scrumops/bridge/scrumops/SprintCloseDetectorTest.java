package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.scrumops.bridge.model.SprintState.ACTIVE;
import static io.scrumops.bridge.model.SprintState.CLOSED;
import static io.scrumops.bridge.model.SprintState.FUTURE;
import static org.assertj.core.api.Assertions.assertThat;

class SprintCloseDetectorTest {

    final SprintCloseDetector detector = new SprintCloseDetector();

    @Test
    void activeSprintReadAsClosedClosesIntoTheTeamsNewActiveSprint() {
        var closings = detector.closings(List.of(sprint(7, ACTIVE, 1), sprint(8, FUTURE, 15)),
                List.of(sprint(7, CLOSED, 1), sprint(8, ACTIVE, 15), sprint(9, FUTURE, 29)));

        assertThat(closings).singleElement().satisfies(c -> {
            assertThat(c.closing().id()).isEqualTo("jira:sprint:7");
            assertThat(c.next().id()).isEqualTo("jira:sprint:8");
        });
    }

    @Test
    void withoutAnActiveSprintTheEarliestFutureOneIsNext() {
        var closings = detector.closings(List.of(sprint(7, ACTIVE, 1)),
                List.of(sprint(7, CLOSED, 1), sprint(10, FUTURE, 29), sprint(9, FUTURE, 15)));

        assertThat(closings).singleElement().extracting(c -> c.next().id()).isEqualTo("jira:sprint:9");
    }

    @Test
    void sprintClosedBeforeItWasFirstSeenOrAlreadyStoredClosedIsNoClosing() {
        var closings = detector.closings(List.of(sprint(5, CLOSED, 1)),
                List.of(sprint(5, CLOSED, 1), sprint(6, CLOSED, 8), sprint(7, ACTIVE, 15)));

        assertThat(closings).isEmpty();
    }

    @Test
    void sprintStillActiveOrFutureReadAgainIsNoClosing() {
        var closings = detector.closings(List.of(sprint(7, ACTIVE, 1), sprint(8, FUTURE, 15)),
                List.of(sprint(7, ACTIVE, 1), sprint(8, FUTURE, 15)));

        assertThat(closings).isEmpty();
    }

    @Test
    void closingWithNoSprintToMoveIntoHasNoNext() {
        var closings = detector.closings(List.of(sprint(7, ACTIVE, 1)), List.of(sprint(7, CLOSED, 1)));

        assertThat(closings).singleElement().satisfies(c -> assertThat(c.next()).isNull());
    }

    @Test
    void anotherTeamsSprintIsNeverTheNextOne() {
        Sprint otherTeam = new Sprint("jira:sprint:30", new SourceRef(SourceSystem.JIRA, "sprint", "30", null, null, 0, null),
                "app-l2", "APP 30", day(15), day(29), ACTIVE);

        var closings = detector.closings(List.of(sprint(7, ACTIVE, 1)), List.of(sprint(7, CLOSED, 1), otherTeam));

        assertThat(closings).singleElement().satisfies(c -> assertThat(c.next()).isNull());
    }

    static Sprint sprint(int id, SprintState state, int startDay) {
        return new Sprint("jira:sprint:" + id, new SourceRef(SourceSystem.JIRA, "sprint", String.valueOf(id), null,
                null, 0, null), "ops-l1", "OPS " + id, day(startDay), day(startDay + 14), state);
    }

    static Instant day(int day) {
        return Instant.parse("2026-03-01T08:00:00Z").plusSeconds(86_400L * (day - 1));
    }
}
