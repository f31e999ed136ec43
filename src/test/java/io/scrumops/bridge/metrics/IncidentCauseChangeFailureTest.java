package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.metrics.DoraMetrics.Figure;
import io.scrumops.bridge.metrics.DoraRepository.Item;
import io.scrumops.bridge.store.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Change failure rate (default profile) when incidents name their cause in incident_cause. Five successful production
 * deployments in January 2024: d1 10 Jan, d5 15 Jan, d2 20 Jan (its keys name PAY-7), d3 25 Jan (change request
 * CHG0030001), d4 28 Jan. Four incidents, each naming its cause a different way; by the fallback rule alone (latest
 * deployment finished at or before the incident) they would all land on d2 and d4.
 */
class IncidentCauseChangeFailureTest {

    private static final Instant NOW = Instant.parse("2024-02-10T00:00:00Z");
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
    private final DoraMetrics dora = new DoraMetrics(new DoraRepository(TestDatabase.dataSource()));

    @BeforeEach
    void fiveDeploymentsAndFourIncidents() {
        TestDatabase.truncate("metric_scope", "deployment", "deployment_commit", "deployment_change", "scm_change",
                "work_item", "incident_cause");
        deployment("d1", "2024-01-10T10:00:00Z", null, "{}");
        deployment("d5", "2024-01-15T10:00:00Z", null, "{}");
        deployment("d2", "2024-01-20T10:00:00Z", null, "{PAY-7}");
        deployment("d3", "2024-01-25T10:00:00Z", "CHG0030001", "{}");
        deployment("d4", "2024-01-28T10:00:00Z", null, "{}");
        // caused by d1 itself (ServiceNow caused_by resolved when stored), though created after d2
        incident("INC1", "2024-01-21T09:00:00Z");
        cause("INC1", "d1", null, null, "SERVICENOW_CAUSED_BY");
        // names change request CHG0030001 (rfc) without a deployment: d3 carries that number; d4 is later
        incident("INC2", "2024-01-29T09:00:00Z");
        cause("INC2", null, "CHG0030001", null, "SERVICENOW_RFC");
        // only its problem is known: the fallback rule applies, d4
        incident("INC3", "2024-01-30T09:00:00Z");
        cause("INC3", null, null, "PRB0040001", "SERVICENOW_PROBLEM");
        // Jira "is caused by" PAY-7: the deployment whose keys name PAY-7, d2
        incident("INC4", "2024-01-31T09:00:00Z");
        cause("INC4", null, "PAY-7", null, "JIRA_LINK");
    }

    @Test
    void recordedCausesPlaceEachIncidentOnItsDeployment() {
        MetricsFilter january = MetricsFilter.of(null, null, "2024-01-01", "2024-01-31", "default", NOW);

        Figure cfr = dora.report(january, "month", 200).metrics().get("changeFailureRate");

        // d1, d2, d3, d4 failed; d5 did not
        assertThat(cfr.sampleSize()).isEqualTo(5);
        assertThat(cfr.value()).isEqualTo(0.8);
        assertThat(cfr.ids()).containsExactlyInAnyOrder("d1", "d2", "d3", "d4");
        assertThat(dora.items(january, "changeFailureRate", 50, 0)).extracting(Item::id, Item::ref)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("d1", "INC1"),
                        org.assertj.core.groups.Tuple.tuple("d2", "INC4"),
                        org.assertj.core.groups.Tuple.tuple("d3", "INC2"),
                        org.assertj.core.groups.Tuple.tuple("d4", "INC3"));
    }

    @Test
    void withoutRecordedCausesTheLatestEarlierDeploymentTakesThem() {
        jdbc.sql("delete from incident_cause").update();
        MetricsFilter january = MetricsFilter.of(null, null, "2024-01-01", "2024-01-31", "default", NOW);

        Figure cfr = dora.report(january, "month", 200).metrics().get("changeFailureRate");

        // INC1 on d2; INC2, INC3 and INC4 on d4
        assertThat(cfr.value()).isEqualTo(0.4);
        assertThat(cfr.ids()).containsExactlyInAnyOrder("d2", "d4");
    }

    private void deployment(String id, String finished, String changeNumber, String keys) {
        jdbc.sql("""
                        insert into deployment (id, source_system, native_id, scope, environment, environment_type,
                                                status, started_at, finished_at, change_number, linked_item_keys, payload)
                        values (:id, 'GENERIC', :id, 'team-a', 'production', 'PRODUCTION', 'SUCCESS',
                                cast(:finished as timestamptz) - interval '10 minutes', cast(:finished as timestamptz),
                                :change, cast(:keys as text[]), '{}')""")
                .param("id", id).param("finished", finished).param("change", changeNumber).param("keys", keys)
                .update();
    }

    private void incident(String id, String created) {
        jdbc.sql("""
                        insert into work_item (id, kind, source_system, status, status_category, severity, team,
                                               created_at, resolved_at, payload)
                        values (:id, 'INCIDENT', 'SERVICENOW', 'RESOLVED', 'DONE', 'SEV2', 'team-a',
                                cast(:created as timestamptz), cast(:created as timestamptz) + interval '2 hours', '{}')""")
                .param("id", id).param("created", created).update();
    }

    private void cause(String incident, String deployment, String changeRef, String problemRef, String source) {
        jdbc.sql("""
                        insert into incident_cause (incident_id, deployment_id, change_ref, problem_ref, source)
                        values (:incident, :deployment, :change, :problem, :source)""")
                .param("incident", incident).param("deployment", deployment).param("change", changeRef)
                .param("problem", problemRef).param("source", source).update();
    }
}
