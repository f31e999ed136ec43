package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseMappingLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shippedReleaseMappingValidates() {
        ReleaseMapping mapping = new ReleaseMappingLoader(Path.of("mappings")).load();

        ReleaseMapping.Product payments = mapping.productOfProject("PAY").orElseThrow();
        assertThat(payments.phases()).extracting(ReleaseMapping.Phase::name)
                .containsExactly("BUILD", "SIT", "UAT", "RELEASE");
        Gate sitExit = payments.phases().get(1).gates().get(0);
        assertThat(sitExit.id()).isEqualTo("sit-exit");
        assertThat(sitExit.criteria()).extracting(GateCriterion::kind)
                .containsExactly(CriterionKind.NO_OPEN_DEFECTS, CriterionKind.TEST_EXECUTION_COMPLETE);
        assertThat(sitExit.criteria().get(0).severity()).isEqualTo(Severity.SEV2);
        assertThat(payments.epics()).containsEntry("2026.12", "PAY-1");
    }

    @Test
    void aMissingFileMeansNoReleases() {
        assertThat(new ReleaseMappingLoader(dir).load().products()).isEmpty();
    }

    private ReleaseMapping load(String yaml) throws IOException {
        Files.writeString(dir.resolve("releases.yaml"), yaml);
        return new ReleaseMappingLoader(dir).load();
    }

    @Test
    void everyCriterionKindIsReadWithItsValues() throws IOException {
        ReleaseMapping mapping = load("""
                products:
                  Shop:
                    jira: { projects: [SHOP], versionWriteBack: PROPERTY }
                    serviceNow: { verdictField: u_gate_verdict, incidentTeams: [shop-ops] }
                    phases:
                      - name: UAT
                        days: 3
                        exit:
                          criteria:
                            - { kind: noOpenIncidents, severities: [SEV1] }
                            - { kind: testExecutionComplete, issueType: Test, field: customfield_1, passValues: PASS }
                            - { kind: jqlEmpty, id: blockers, jql: 'fixVersion = {release} AND labels = blocker' }
                            - { kind: serviceNowQueryEmpty, table: problem, query: 'active=true' }
                            - { kind: deployedTo, environment: uat }
                            - { kind: signOff }
                    plannedDates:
                      "1.0": { UAT: { start: 2026-12-01, end: 2026-12-04 } }
                """);
        ReleaseMapping.Product shop = mapping.product("Shop").orElseThrow();
        List<GateCriterion> criteria = shop.phases().get(0).gates().get(0).criteria();
        assertThat(criteria.get(0).severities()).containsExactly(Severity.SEV1);
        assertThat(criteria.get(1).passValues()).containsExactly("PASS");
        assertThat(criteria.get(1).field()).isEqualTo("customfield_1");
        assertThat(criteria.get(2).system()).isEqualTo(SourceSystem.JIRA);
        assertThat(criteria.get(2).id()).isEqualTo("blockers");
        assertThat(criteria.get(3).table()).isEqualTo("problem");
        assertThat(criteria.get(4).environment()).isEqualTo("uat");
        assertThat(criteria.get(5).isManual()).isTrue();
        assertThat(shop.versionWriteBack()).isEqualTo(ReleaseMapping.VersionWriteBack.PROPERTY);
        assertThat(shop.plannedDates().get("1.0").get("UAT"))
                .isEqualTo(new ReleaseMapping.Window(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-04")));
    }

    @Test
    void anUnknownCriterionKindIsRefusedNamingFileKeyAndValue() {
        assertThatThrownBy(() -> load("""
                products:
                  Shop:
                    phases:
                      - name: UAT
                        days: 3
                        exit:
                          criteria:
                            - { kind: noBugs }
                """)).isInstanceOf(MappingFileException.class)
                .hasMessageContaining("releases.yaml")
                .hasMessageContaining("products.Shop.phases[0].exit.criteria[0].kind")
                .hasMessageContaining("noBugs");
    }

    @Test
    void aSeverityThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> load("""
                products:
                  Shop:
                    phases:
                      - name: UAT
                        days: 3
                        exit:
                          criteria:
                            - { kind: noOpenDefects, severity: SEV9 }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("SEV9");
    }

    @Test
    void aServiceNowTableNameWithQuerySyntaxIsRefused() {
        assertThatThrownBy(() -> load("""
                products:
                  Shop:
                    phases:
                      - name: UAT
                        days: 3
                        exit:
                          criteria:
                            - { kind: serviceNowQueryEmpty, table: 'incident?sysparm_query=x', query: 'active=true' }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("not a ServiceNow table name");
    }

    @Test
    void aProjectInTwoProductsIsRefused() {
        assertThatThrownBy(() -> load("""
                products:
                  A: { jira: { projects: [X] }, phases: [ { name: B, days: 1 } ] }
                  B: { jira: { projects: [X] }, phases: [ { name: B, days: 1 } ] }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("another product");
    }

    @Test
    void plannedDatesMustNameAPhaseOfTheProduct() {
        assertThatThrownBy(() -> load("""
                products:
                  A:
                    phases: [ { name: B, days: 1 } ]
                    plannedDates: { "1.0": { UAT: { start: 2026-12-01, end: 2026-12-02 } } }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("not a phase of A");
    }
}
