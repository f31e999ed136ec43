package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import org.junit.jupiter.api.Test;

import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static io.scrumops.bridge.adapter.PayloadFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Old issues keep status names that the workflow, and so the mapping, dropped long ago. */
class JiraHistoricStatusTest {

    private final JiraIssueMapper mapper = new JiraIssueMapper(shippedMappings());

    private ObjectNode snapshotWithHistory(String categories) {
        ObjectNode issue = (ObjectNode) JsonFields.parse("t", text("jira/rest-v2-server-get-issue.json"));
        issue.set("changelog", JsonFields.parse("t", """
                {"startAt": 0, "maxResults": 2, "total": 2, "histories": [
                  {"id": "1", "created": "2011-12-14T10:30:00.000+1300", "items": [
                    {"field": "status", "fieldtype": "jira", "from": "1", "fromString": "Open",
                     "to": "9", "toString": "Awaiting Triage"}]},
                  {"id": "2", "created": "2011-12-15T10:30:00.000+1300", "items": [
                    {"field": "status", "fieldtype": "jira", "from": "9", "fromString": "Awaiting Triage",
                     "to": "1", "toString": "Open"}]}]}"""));
        ObjectNode snapshot = (ObjectNode) JsonFields.parse("t", "{\"webhookEvent\": \"scrumops:snapshot\"}");
        snapshot.set("issue", issue);
        if (categories != null) {
            snapshot.set(JiraIssueMapper.STATUS_CATEGORIES, JsonFields.parse("t", categories));
        }
        return snapshot;
    }

    @Test
    void aStatusTheMappingNoLongerListsTakesItsCategoryFromJirasStatusList() {
        var event = mapper.fromWebhook(snapshotWithHistory("{\"Awaiting Triage\": \"indeterminate\"}"));

        assertThat(event.statusChanges()).extracting(StatusChange::to, StatusChange::sourceTo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CanonicalStatus.IN_PROGRESS, "Awaiting Triage"),
                        org.assertj.core.groups.Tuple.tuple(CanonicalStatus.NEW, "Open"));
        assertThat(event.statusChanges().get(1).from()).isEqualTo(CanonicalStatus.IN_PROGRESS);
    }

    @Test
    void withoutJirasStatusListTheStepIsKeptUnmappedWithItsRawName() {
        var event = mapper.fromWebhook(snapshotWithHistory(null));

        assertThat(event.workItem()).isNotNull();
        assertThat(event.statusChanges()).hasSize(2);
        assertThat(event.statusChanges().get(0).to()).isNull();
        assertThat(event.statusChanges().get(0).sourceTo()).isEqualTo("Awaiting Triage");
        assertThat(event.statusChanges().get(1).from()).isNull();
        assertThat(event.statusChanges().get(1).sourceFrom()).isEqualTo("Awaiting Triage");
    }
}
