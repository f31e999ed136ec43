package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scrumops.bridge.metrics.DoraMetrics.Figure;
import io.scrumops.bridge.metrics.DoraMetrics.Report;
import io.scrumops.bridge.metrics.DoraRepository.Item;
import io.scrumops.bridge.metrics.math.DoraBands.Level;
import io.scrumops.bridge.store.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Apache DevLake's change-lead-time e2e case (fixtures/dora/devlake_case_A_throughput.json) through the import. */
class DoraDevLakeCaseTest {

    private final MetricsImportRepository imports = new MetricsImportRepository(TestDatabase.dataSource());
    private final DoraMetrics dora = new DoraMetrics(new DoraRepository(TestDatabase.dataSource()));

    @BeforeEach
    void importCaseA() {
        TestDatabase.truncate("metric_scope", "deployment", "deployment_commit", "deployment_change", "scm_change",
                "work_item", "incident_cause");
        MetricsImportDocument.Reading reading = MetricsImportDocument.read(DoraFixtures.devlakeCaseA(), id -> false);
        assertThat(reading.errors()).isEmpty();
        imports.store(reading.contents());
    }

    private static MetricsFilter april(String profile) {
        return MetricsFilter.of("project1", null, "2023-04-01", "2023-04-30", profile, Instant.now());
    }

    @Test
    void devlakeProfileGivesDevLakesPerChangeCycleTimes() {
        List<Item> changes = dora.items(april("devlake"), "leadTime", 100, 0);

        assertThat(changes).extracting(Item::id).containsExactly("pr1", "pr2", "pr3");
        assertThat(changes).extracting(Item::value).containsExactly(4478.0, 1598.0, 10203.0);
        assertThat(changes).extracting(Item::ref).containsExactly("pipeline4", "pipeline4", "pipeline4");
    }

    @Test
    void devlakeProfileGivesTheLowerMedianLeadTimeAndItsBands() {
        Figure lead = dora.report(april("devlake"), "week", 100).metrics().get("leadTime");

        assertThat(lead.value()).isEqualTo(4478.0);
        assertThat(lead.sampleSize()).isEqualTo(3);
        assertThat(lead.bands().get("2021").level()).isEqualTo(Level.HIGH);
        assertThat(lead.bands().get("2023").level()).isEqualTo(Level.HIGH);
        assertThat(lead.bands().get("2023").label()).isEqualTo("Between one day and one week(high)");
        assertThat(lead.ids()).containsExactlyInAnyOrder("pr1", "pr2", "pr3");
    }

    @Test
    void devlakeProfileCountsDeploymentDaysInMondayWeeks() {
        Figure frequency = dora.report(april("devlake"), "week", 100).metrics().get("deploymentFrequency");

        assertThat(frequency.ids()).containsExactlyInAnyOrder("pipeline1", "pipeline2", "pipeline4", "pipeline6",
                "pipeline7");
        assertThat(frequency.sampleSize()).isEqualTo(5);
        assertThat(frequency.details().get("deploymentDaysPerWeek")).isEqualTo(Map.of(
                LocalDate.parse("2023-03-27"), 0, LocalDate.parse("2023-04-03"), 0, LocalDate.parse("2023-04-10"), 2,
                LocalDate.parse("2023-04-17"), 0, LocalDate.parse("2023-04-24"), 0));
        assertThat(frequency.value()).isEqualTo(0.0);
        assertThat(frequency.details().get("medianDeploymentDaysPerMonth")).isEqualTo(2.0);
        assertThat(frequency.bands().get("2023").level()).isEqualTo(Level.MEDIUM);
        assertThat(frequency.bands().get("2021").level()).isEqualTo(Level.HIGH);
    }

    @Test
    void devlakeProfileShowsNoChangeFailureRateWhileNoIncidentIsStored() {
        Report report = dora.report(april("devlake"), "week", 100);

        assertThat(report.metrics().get("changeFailureRate").value()).isNull();
        assertThat(report.metrics().get("failedDeploymentRecoveryTime").value()).isNull();
        assertThat(report.metrics().get("failedDeploymentRecoveryTime").sampleSize()).isZero();
    }

    @Test
    void defaultProfileCountsTheFirstDeploymentAndTakesTheInterpolatedMedianFromFirstCommit() {
        Figure lead = dora.report(april("default"), "week", 100).metrics().get("leadTime");

        // pr0 (first deployment of its repo, ignored by DevLake) 655321, pr1 4477.45, pr2 157.45, pr3 8798.78 minutes
        assertThat(lead.sampleSize()).isEqualTo(4);
        assertThat(lead.ids()).containsExactly("pr0", "pr1", "pr2", "pr3");
        assertThat(lead.value()).isCloseTo((4477.45 + 8798.7833) / 2, within(0.01));
        assertThat(dora.items(april("default"), "leadTime", 100, 0)).extracting(Item::value)
                .satisfiesExactly(v -> assertThat(v).isCloseTo(655321.0, within(0.01)),
                        v -> assertThat(v).isCloseTo(4477.45, within(0.01)),
                        v -> assertThat(v).isCloseTo(157.45, within(0.01)),
                        v -> assertThat(v).isCloseTo(8798.78, within(0.01)));
    }

    @Test
    void defaultProfileGivesAZeroFailureRateOverFiveDeploymentsWithoutIncidents() {
        Figure cfr = dora.report(april("default"), "week", 100).metrics().get("changeFailureRate");

        assertThat(cfr.value()).isEqualTo(0.0);
        assertThat(cfr.sampleSize()).isEqualTo(5);
        assertThat(cfr.ids()).isEmpty();
    }

    @Test
    void anotherProjectSeesOnlyItsOwnScope() {
        MetricsFilter project2 = MetricsFilter.of("project2", null, "2023-04-01", "2023-04-30", "devlake", Instant.now());

        assertThat(dora.report(project2, "week", 100).metrics().get("deploymentFrequency").ids())
                .containsExactly("pipeline9");
    }
}
