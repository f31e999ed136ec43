package io.scrumops.bridge.alignment;

import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlignmentSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shippedFileGivesTeamsResolutionsAndTheApplicationDefectRule() {
        AlignmentSettings settings = new AlignmentSettings(Path.of("mappings/alignment.yaml"));

        assertThat(settings.team(SourceSystem.SERVICENOW, "287ebd7da9fe198100f92cc8d1d2154e")).contains("service-desk");
        assertThat(settings.teamValue(SourceSystem.SERVICENOW, "service-desk")).contains("d625dccec0a8016700a222a0f7900d06");
        assertThat(settings.team(SourceSystem.JIRA, "service desk")).contains("service-desk");
        assertThat(settings.resolution(SourceSystem.JIRA, "Fixed")).contains("FIXED");
        assertThat(settings.resolutionValue(SourceSystem.JIRA, "FIXED")).contains("Done");
        assertThat(settings.resolution(SourceSystem.SERVICENOW, "Solved Remotely (Work Around)")).contains("WORKAROUND");
        assertThat(settings.resolutionValue(SourceSystem.SERVICENOW, "WONT_FIX")).contains("Not Solved (Too Costly)");
        assertThat(settings.resolution(SourceSystem.SERVICENOW, "solved (permanently)")).isEmpty();
        assertThat(settings.severityOf("2", "1")).contains(Severity.SEV2);
        assertThat(settings.jiraPairingRule("APP", "Bug", List.of())).hasValueSatisfying(rule ->
                assertThat(rule.incidentFields()).containsEntry("category", "software"));
        assertThat(settings.jiraPairingRule("APP", "Story", List.of())).isEmpty();
        assertThat(settings.policy(AlignedField.RESOLUTION).conflict()).isEqualTo(SourceSystem.SERVICENOW);
        assertThat(settings.jiraIncidentField()).contains("customfield_10210");
    }

    @Test
    void problemIsPairedWithItsOwnStateCodes() {
        AlignmentSettings settings = new AlignmentSettings(Path.of("mappings/alignment.yaml"));

        assertThat(settings.pairedTables()).containsExactly("incident", "problem");
        assertThat(settings.serviceNowState("problem", io.scrumops.bridge.model.CanonicalStatus.IN_PROGRESS)).contains("104");
        assertThat(settings.serviceNowState("incident", io.scrumops.bridge.model.CanonicalStatus.IN_PROGRESS)).contains("2");
        assertThat(settings.serviceNowState("sc_req_item", io.scrumops.bridge.model.CanonicalStatus.IN_PROGRESS)).isEmpty();
    }

    @Test
    void aFurtherTableWithoutStateCodesIsRefused() throws IOException {
        assertThatThrownBy(() -> load("servicenow:\n  table: incident\n  tables:\n    sc_req_item: {onHoldReason: \"1\"}\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("servicenow.tables.sc_req_item.states");
    }

    @Test
    void ruleWithoutAnyConditionIsRefusedBecauseItWouldPairEveryIssue() throws IOException {
        assertThatThrownBy(() -> load("jiraPairing:\n  - name: all\n    incident: {category: software}\n"))
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining("jiraPairing[0].when").hasMessageContaining("at least one of");
    }

    @Test
    void unknownRuleConditionIsRefusedWithItsKey() throws IOException {
        assertThatThrownBy(() -> load("jiraPairing:\n  - when: {component: Web}\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("jiraPairing[0].when.component");
    }

    @Test
    void valueStandingForTwoNamesIsRefused() throws IOException {
        assertThatThrownBy(() -> load("resolutions:\n  FIXED: {jira: Done, servicenow: A}\n"
                + "  OTHER: {jira: done, servicenow: B}\n"))
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining("resolutions.OTHER.jira").hasMessageContaining("already stands for FIXED");
    }

    @Test
    void teamWithoutAServiceNowGroupIsRefused() throws IOException {
        assertThatThrownBy(() -> load("groups:\n  web: {jira: Web}\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("groups.web.servicenow");
    }

    @Test
    void unknownTeamFieldFormatIsRefused() throws IOException {
        assertThatThrownBy(() -> load("jira:\n  teamFieldFormat: json\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("jira.teamFieldFormat");
    }

    @Test
    void incidentFieldThatIsNotACustomFieldIdIsRefused() throws IOException {
        assertThatThrownBy(() -> load("jira:\n  incidentField: Incident\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("jira.incidentField");
    }

    @Test
    void incidentFieldThatIsNotOneValueIsRefused() throws IOException {
        assertThatThrownBy(() -> load("jiraPairing:\n  - when: {project: APP}\n    incident: {category: [a, b]}\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("jiraPairing[0].incident.category");
    }

    @Test
    void fileWithoutTheNewTablesCarriesNoTeamsOrResolutionsAndPairsNoIssue() throws IOException {
        AlignmentSettings settings = load("people: []\n");

        assertThat(settings.team(SourceSystem.JIRA, "Web")).isEmpty();
        assertThat(settings.resolutionValue(SourceSystem.SERVICENOW, "FIXED")).isEmpty();
        assertThat(settings.jiraPairingRule("APP", "Bug", List.of("incident"))).isEmpty();
        assertThat(settings.jiraTeamAsOption()).isTrue();
        assertThat(settings.serviceNowSeverity(Severity.SEV1)).isEqualTo(Map.of());
    }

    private AlignmentSettings load(String yaml) throws IOException {
        Path file = dir.resolve("alignment.yaml");
        Files.writeString(file, yaml);
        return new AlignmentSettings(file);
    }
}
