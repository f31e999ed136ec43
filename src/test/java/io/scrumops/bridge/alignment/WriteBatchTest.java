package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBatchTest {

    @Test
    void updatesOfOneIncidentBecomeOnePatchWithTheLaterValueWinning() {
        WriteBatch batch = new WriteBatch();
        batch.add("resolution", new ServiceNowUpdate("p", "incident", "s1", Map.of("close_code", "Duplicate",
                "close_notes", "Resolved in Jira OPS-1")));
        batch.add("status", new ServiceNowUpdate("p", "incident", "s1", Map.of("state", "6",
                "close_code", "Solved (Permanently)")));
        batch.add("other", new ServiceNowUpdate("p", "incident", "s2", Map.of("state", "2")));

        List<WriteBatch.Write> merged = batch.merged();

        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).idempotencyKey()).isEqualTo("resolution+status");
        assertThat(((ServiceNowUpdate) merged.get(0).command()).fields()).isEqualTo(Map.of("state", "6",
                "close_code", "Solved (Permanently)", "close_notes", "Resolved in Jira OPS-1"));
        assertThat(merged.get(1).idempotencyKey()).isEqualTo("other");
    }

    @Test
    void jiraFieldUpdatesOfOneIssueBecomeOnePut() {
        WriteBatch batch = new WriteBatch();
        batch.add("a", new JiraUpdateFields("p", "OPS-1", Map.of("summary", "x")));
        batch.add("b", new JiraUpdateFields("p", "OPS-1", Map.of("priority", Map.of("name", "High"))));

        List<WriteBatch.Write> merged = batch.merged();

        assertThat(merged).singleElement().satisfies(write -> assertThat(((JiraUpdateFields) write.command()).fields())
                .containsOnlyKeys("summary", "priority"));
    }

    @Test
    void resolutionRidesOnTheTransitionThatSetsItInsteadOfAPutOfItsOwn() {
        WriteBatch batch = new WriteBatch();
        batch.add("resolution", new JiraUpdateFields("p", "OPS-1", Map.of("resolution", Map.of("name", "Duplicate"))));
        batch.add("status", new JiraTransition("p", "OPS-1", CanonicalStatus.RESOLVED,
                Map.of("resolution", Map.of("name", "Duplicate"))));
        batch.add("summary", new JiraUpdateFields("p", "OPS-1", Map.of("resolution", Map.of("name", "Duplicate"),
                "summary", "y")));

        List<WriteBatch.Write> merged = batch.merged();

        assertThat(merged).extracting(WriteBatch.Write::idempotencyKey).containsExactly("status", "summary");
        assertThat(((JiraUpdateFields) merged.get(1).command()).fields()).isEqualTo(Map.of("summary", "y"));
    }

    @Test
    void resolutionAloneIsPutWhenNoTransitionCarriesIt() {
        WriteBatch batch = new WriteBatch();
        batch.add("resolution", new JiraUpdateFields("p", "OPS-1", Map.of("resolution", Map.of("name", "Workaround"))));

        assertThat(batch.merged()).singleElement().extracting(WriteBatch.Write::command)
                .isInstanceOf(JiraUpdateFields.class);
    }
}
