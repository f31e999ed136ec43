package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.FieldSync;
import io.scrumops.bridge.store.FieldSyncRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class FieldWritesTest {

    private final FieldSyncRepository agreed = mock(FieldSyncRepository.class);
    private final FieldWrites writes = new FieldWrites(new AlignmentSettings(Path.of("mappings/alignment.yaml")),
            new MappingRegistry("mappings"), new JiraProperties("https://jira.example", "CLOUD", null, null, null),
            agreed);
    private final Pair pair = new Pair("servicenow:incident:s1",
            SyncLink.of("servicenow:incident:s1", SourceSystem.SERVICENOW, "s1", "INC0000009", null),
            SyncLink.of("servicenow:incident:s1", SourceSystem.JIRA, "10009", "OPS-9", null));

    @Test
    void assignmentGroupAndJiraTeamReadAsTheTeamTheyStandFor() {
        assertThat(writes.canonical(AlignedField.ASSIGNMENT_GROUP, SourceSystem.SERVICENOW,
                item("287ebd7da9fe198100f92cc8d1d2154e", null), Map.of())).isEqualTo("service-desk");
        assertThat(writes.canonical(AlignedField.ASSIGNMENT_GROUP, SourceSystem.JIRA, item(null, "App Support"), Map.of()))
                .isEqualTo("app-support");
        assertThat(writes.canonical(AlignedField.ASSIGNMENT_GROUP, SourceSystem.SERVICENOW, item("feed", null), Map.of()))
                .isEqualTo("unmapped:servicenow:feed");
        assertThat(writes.canonical(AlignedField.ASSIGNMENT_GROUP, SourceSystem.JIRA, item(null, null), Map.of())).isNull();
    }

    @Test
    void resolutionReadsFromTheJiraResolutionOrTheServiceNowCloseCode() {
        assertThat(writes.canonical(AlignedField.RESOLUTION, SourceSystem.JIRA, item(null, null),
                Map.of("resolution", "won't fix"))).isEqualTo("WONT_FIX");
        assertThat(writes.canonical(AlignedField.RESOLUTION, SourceSystem.SERVICENOW, item(null, null),
                Map.of("close_code", "Solved (Work Around)"))).isEqualTo("WORKAROUND");
        assertThat(writes.canonical(AlignedField.RESOLUTION, SourceSystem.SERVICENOW, item(null, null),
                Map.of("close_code", "Known error"))).isEqualTo("unmapped:servicenow:Known error");
        assertThat(writes.canonical(AlignedField.RESOLUTION, SourceSystem.JIRA, item(null, null), Map.of())).isNull();
    }

    @Test
    void resolutionIsWrittenToServiceNowAsCloseCodeWithCloseNotesAndToJiraAsItsName() {
        assertThat(writes.command(AlignedField.RESOLUTION, SourceSystem.SERVICENOW, "WONT_FIX", pair)).contains(
                new ServiceNowUpdate(pair.id(), "incident", "s1", Map.of("close_code", "Not Solved (Too Costly)",
                        "close_notes", "Resolved in Jira OPS-9")));
        assertThat(writes.command(AlignedField.RESOLUTION, SourceSystem.JIRA, "WONT_FIX", pair)).contains(
                new JiraUpdateFields(pair.id(), "OPS-9", Map.of("resolution", Map.of("name", "Won't Do"))));
    }

    @Test
    void teamIsWrittenAsTheJiraTeamFieldOptionAndAsTheFirstAssignmentGroup() {
        assertThat(writes.command(AlignedField.ASSIGNMENT_GROUP, SourceSystem.JIRA, "app-support", pair)).contains(
                new JiraUpdateFields(pair.id(), "OPS-9", Map.of("customfield_10001", Map.of("value", "App Support"))));
        assertThat(writes.command(AlignedField.ASSIGNMENT_GROUP, SourceSystem.SERVICENOW, "service-desk", pair)).contains(
                new ServiceNowUpdate(pair.id(), "incident", "s1", Map.of("assignment_group", "d625dccec0a8016700a222a0f7900d06")));
    }

    @Test
    void valuesTheTablesDoNotListAreNotWritten() {
        assertThat(writes.command(AlignedField.ASSIGNMENT_GROUP, SourceSystem.JIRA, "unmapped:servicenow:feed", pair)).isEmpty();
        assertThat(writes.command(AlignedField.RESOLUTION, SourceSystem.SERVICENOW, "unmapped:jira:Incomplete", pair)).isEmpty();
        assertThat(writes.command(AlignedField.ASSIGNEE, SourceSystem.SERVICENOW, "unknown-account", pair)).isEmpty();
    }

    @Test
    void statusIntoDoneCarriesTheAgreedResolutionElseTheDefaults() {
        assertThat(writes.command(AlignedField.STATUS, SourceSystem.SERVICENOW, "RESOLVED", pair).map(c -> ((ServiceNowUpdate) c).fields()))
                .contains(Map.of("state", "6", "close_code", "Solved (Permanently)", "close_notes", "Resolved in Jira OPS-9"));
        assertThat(writes.command(AlignedField.STATUS, SourceSystem.JIRA, "DONE", pair).map(c -> ((JiraTransition) c).fields()))
                .contains(Map.of("resolution", Map.of("name", "Done")));

        when(agreed.find(pair.id(), "resolution")).thenReturn(Optional.of(new FieldSync(pair.id(), "resolution", "h",
                "DUPLICATE", SourceSystem.SERVICENOW, null, null, null)));

        assertThat(writes.command(AlignedField.STATUS, SourceSystem.SERVICENOW, "RESOLVED", pair).map(c -> ((ServiceNowUpdate) c).fields()))
                .contains(Map.of("state", "6", "close_code", "Duplicate", "close_notes", "Resolved in Jira OPS-9"));
        assertThat(writes.command(AlignedField.STATUS, SourceSystem.JIRA, "DONE", pair).map(c -> ((JiraTransition) c).fields()))
                .contains(Map.of("resolution", Map.of("name", "Duplicate")));
    }

    @Test
    void resolutionReportedBackIsTheNameOfTheValueWritten() {
        assertThat(writes.reported(AlignedField.RESOLUTION, SourceSystem.JIRA, "FIXED")).isEqualTo("FIXED");
        assertThat(writes.reported(AlignedField.ASSIGNMENT_GROUP, SourceSystem.SERVICENOW, "service-desk"))
                .isEqualTo("service-desk");
    }

    private static WorkItem item(String assignmentGroup, String team) {
        SourceRef source = new SourceRef(SourceSystem.SERVICENOW, "incident", "s1", "INC0000009", null, 1, null);
        return new WorkItem("servicenow:incident:s1", WorkItemKind.INCIDENT, source, "t", null, CanonicalStatus.NEW,
                "1", null, null, null, null, assignmentGroup, team, null, null, null, null, null, null, null, null);
    }
}
