package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.metrics.MetricsImportDocument.ImportError;
import io.scrumops.bridge.store.TestDatabase;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class MetricsImportTest {

    private final MetricsImportRepository imports = new MetricsImportRepository(TestDatabase.dataSource());
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @BeforeEach
    void emptyStore() {
        TestDatabase.truncate("metric_scope", "deployment", "deployment_commit", "deployment_change", "scm_change",
                "work_item", "incident_cause");
    }

    private static JsonNode json(String text) throws Exception {
        return DoraFixtures.JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void refusesAnInvalidDocumentNamingTheJsonPathOfEachError() throws Exception {
        JsonNode doc = json("""
                {'deployments': [
                   {'id': 'd1', 'environment': 'production', 'result': 'SUCCESS', 'finishedAt': '2024-01-02T10:00:00Z'},
                   {'id': 'd1', 'result': 'DONE', 'startedAt': '2024-01-02T10:00:00Z', 'finishedAt': '2024-01-02T09:00:00Z',
                    'commits': [{'repoUrl': 'r'}]}],
                 'incidents': [{'id': 'i1', 'createdAt': '2024-01-02 10:00', 'deploymentId': 'nope'}],
                 'changes': [{'id': 'c1', 'issueKeys': ['ABC-1', 7]}],
                 'scopes': [{'project': 'p'}],
                 'extra': []}""");

        MetricsImportDocument.Reading reading = MetricsImportDocument.read(doc, id -> false);

        assertThat(reading.valid()).isFalse();
        assertThat(reading.errors()).extracting(ImportError::path).containsExactlyInAnyOrder(
                "$.extra",
                "$.deployments[1].id",
                "$.deployments[1].result",
                "$.deployments[1].finishedAt",
                "$.deployments[1].commits[0].sha",
                "$.incidents[0].createdAt",
                "$.incidents[0].deploymentId",
                "$.changes[0]",
                "$.changes[0].issueKeys[1]",
                "$.scopes[0].scope");
    }

    @Test
    void refusesDuplicateIdsMisshapedCommitListsAndChangesNamingAnUnknownDeployment() throws Exception {
        JsonNode doc = json("""
                {'deployments': [
                   {'id': 'd1', 'result': 'SUCCESS', 'commits': {'sha': 'a'}},
                   {'id': 'd2', 'result': 'SUCCESS', 'commits': ['abc', {'sha': 'b'}, {'sha': 'b'}]}],
                 'incidents': [{'id': 'i1', 'createdAt': '2024-01-02T10:00:00Z'},
                               {'id': 'i1', 'createdAt': '2024-01-02T11:00:00Z'}],
                 'changes': [{'id': 'c1', 'mergedAt': '2024-01-02T10:00:00Z', 'deployedBy': 'd9'},
                             {'id': 'c1', 'mergedAt': '2024-01-02T10:00:00Z', 'deployedBy': 'd2'}]}""");

        MetricsImportDocument.Reading reading = MetricsImportDocument.read(doc, id -> false);

        assertThat(reading.errors()).extracting(ImportError::path, ImportError::message).containsExactlyInAnyOrder(
                Tuple.tuple("$.deployments[0].commits", "must be an array"),
                Tuple.tuple("$.deployments[1].commits[0]", "must be an object"),
                Tuple.tuple("$.deployments[1].commits[2]",
                        "the same repoUrl and sha are listed twice"),
                Tuple.tuple("$.incidents[1].id", "duplicate incident id 'i1'"),
                Tuple.tuple("$.changes[0].deployedBy",
                        "names deployment 'd9', which is neither in the document nor stored"),
                Tuple.tuple("$.changes[1].id", "duplicate change id 'c1'"));
    }

    @Test
    void aDeploymentAlreadyStoredMayBeNamedByAnIncident() throws Exception {
        JsonNode doc = json("{'incidents': [{'id': 'i1', 'createdAt': '2024-01-02T10:00:00Z', 'deploymentId': 'old'}]}");

        assertThat(MetricsImportDocument.read(doc, "old"::equals).errors()).isEmpty();
    }

    @Test
    void importingTheSameDocumentTwiceChangesNothing() {
        MetricsImportDocument.Reading reading = MetricsImportDocument.read(DoraFixtures.devlakeCaseA(), id -> false);
        Map<String, Integer> first = imports.store(reading.contents());
        List<String> before = snapshot();

        Map<String, Integer> second = imports.store(reading.contents());

        assertThat(first.get("deployments")).isEqualTo(9 + 16); // nine deployments, sixteen commit rows
        assertThat(second).containsOnly(Map.entry("scopes", 0), Map.entry("deployments", 0), Map.entry("changes", 0),
                Map.entry("incidents", 0));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aChangedDeploymentTimeIsUpdatedInPlace() throws Exception {
        store("{'deployments': [{'id': 'd1', 'environment': 'prod', 'result': 'SUCCESS', 'finishedAt': '2024-01-02T10:00:00Z'}]}");
        store("{'deployments': [{'id': 'd1', 'environment': 'prod', 'result': 'SUCCESS', 'finishedAt': '2024-01-03T10:00:00Z'}]}");

        assertThat(jdbc.sql("select count(*) from deployment_commit").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select finished_at::text from deployment_commit").query(String.class).single())
                .isEqualTo("2024-01-03 10:00:00+00");
        assertThat(jdbc.sql("select environment_type from deployment").query(String.class).single()).isEqualTo("PRODUCTION");
    }

    private void store(String text) throws Exception {
        MetricsImportDocument.Reading reading = MetricsImportDocument.read(json(text), id -> false);
        assertThat(reading.errors()).isEmpty();
        imports.store(reading.contents());
    }

    private List<String> snapshot() {
        return jdbc.sql("""
                select 'd:' || id || xmin::text from deployment union all
                select 'dc:' || id || xmin::text from deployment_commit union all
                select 'x:' || sha || xmin::text from deployment_change union all
                select 'c:' || id || xmin::text from scm_change union all
                select 's:' || scope || xmin::text from metric_scope
                order by 1""").query(String.class).list();
    }
}
