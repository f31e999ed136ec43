package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.metrics.DoraMetrics.Figure;
import io.scrumops.bridge.metrics.DoraMetrics.Period;
import io.scrumops.bridge.store.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The devlake profile's lower medians when some recovery times are null (an incident with no successful production
 * deployment before it is still counted, without a time). The window's lower median is over the times alone; a
 * period's lower median, as DevLake's percent rank, counts the nulls too, sorted after every time. One deployment,
 * d1, finished Monday 4 March 2024 10:00 UTC.
 */
class DoraTrendLowerMedianTest {

    private static final Instant NOW = Instant.parse("2024-04-10T00:00:00Z");
    private static final MetricsFilter MARCH = MetricsFilter.of(null, null, "2024-03-01", "2024-03-31", "devlake", NOW);

    private final MetricsImportRepository imports = new MetricsImportRepository(TestDatabase.dataSource());
    private final DoraMetrics dora = new DoraMetrics(new DoraRepository(TestDatabase.dataSource()));

    @BeforeEach
    void oneDeployment() throws Exception {
        TestDatabase.truncate("metric_scope", "deployment", "deployment_commit", "deployment_change", "scm_change",
                "work_item", "incident_cause");
        store("{'deployments': [{'id': 'd1', 'scope': 'svc', 'environment': 'production', 'result': 'SUCCESS',"
                + " 'startedAt': '2024-03-04T09:50:00Z', 'finishedAt': '2024-03-04T10:00:00Z',"
                + " 'commits': [{'repoUrl': 'https://git.example/app', 'sha': 'sha-d1'}]}]}");
    }

    @Test
    void aWeeksLowerMedianCountsItsNullRecoveryTimesAfterEveryTime() throws Exception {
        // week of 4 March: 10 and 20 minutes after d1, and one incident created before d1 (null): sorted
        // [10, 20, null], position floor((3 - 1) / 2) = 1 holds 20; the window over the times alone: [10, 20] -> 10
        store("{'incidents': [" + incident("i1", "2024-03-04T09:00:00Z", "2024-03-05T00:00:00Z") + ","
                + incident("i2", "2024-03-04T10:05:00Z", "2024-03-04T10:10:00Z") + ","
                + incident("i3", "2024-03-04T10:15:00Z", "2024-03-04T10:20:00Z") + "]}");

        DoraMetrics.Report report = dora.report(MARCH, "week", 10);

        Figure recovery = report.metrics().get("failedDeploymentRecoveryTime");
        assertThat(recovery.sampleSize()).isEqualTo(3);
        assertThat(recovery.value()).isEqualTo(10.0);
        assertThat(week(report, "2024-03-04").recoveryTimeMinutes()).isEqualTo(20.0);
    }

    @Test
    void whenTheMiddlePositionHoldsANullTheWeeksLowerMedianIsItsGreatestTime() throws Exception {
        // [30, null, null]: position 1 holds a null; DevLake's percent rank gives the nulls 0.5, so 30 is kept
        store("{'incidents': [" + incident("i1", "2024-03-04T09:00:00Z", "2024-03-05T00:00:00Z") + ","
                + incident("i2", "2024-03-04T09:30:00Z", "2024-03-05T00:00:00Z") + ","
                + incident("i3", "2024-03-04T10:05:00Z", "2024-03-04T10:30:00Z") + "]}");

        DoraMetrics.Report report = dora.report(MARCH, "week", 10);

        assertThat(report.metrics().get("failedDeploymentRecoveryTime").value()).isEqualTo(30.0);
        assertThat(week(report, "2024-03-04").recoveryTimeMinutes()).isEqualTo(30.0);
        assertThat(week(report, "2024-03-11").recoveryTimeMinutes()).isNull();
    }

    @Test
    void withoutNullsAWeeksLowerMedianIsTheLowerOfItsTwoMiddleTimes() throws Exception {
        store("{'incidents': [" + incident("i1", "2024-03-04T10:01:00Z", "2024-03-04T10:40:00Z") + ","
                + incident("i2", "2024-03-04T10:05:00Z", "2024-03-04T10:10:00Z") + ","
                + incident("i3", "2024-03-04T10:15:00Z", "2024-03-04T10:20:00Z") + ","
                + incident("i4", "2024-03-04T10:25:00Z", "2024-03-04T11:00:00Z") + "]}");

        DoraMetrics.Report report = dora.report(MARCH, "week", 10);

        // [10, 20, 40, 60]
        assertThat(report.metrics().get("failedDeploymentRecoveryTime").value()).isEqualTo(20.0);
        assertThat(week(report, "2024-03-04").recoveryTimeMinutes()).isEqualTo(20.0);
        // time to restore, created to resolved: [5, 5, 35, 39] -> 5
        assertThat(week(report, "2024-03-04").timeToRestoreMinutes()).isEqualTo(5.0);
    }

    private static Period week(DoraMetrics.Report report, String monday) {
        return report.trend().stream().filter(p -> p.period().equals(LocalDate.parse(monday))).findFirst()
                .orElseThrow();
    }

    private static String incident(String id, String created, String resolved) {
        return "{'id': '%s', 'scope': 'svc', 'severity': 'SEV2', 'createdAt': '%s', 'resolvedAt': '%s'}"
                .formatted(id, created, resolved);
    }

    private void store(String text) throws Exception {
        JsonNode doc = DoraFixtures.JSON.readTree(text.replace('\'', '"'));
        MetricsImportDocument.Reading reading = MetricsImportDocument.read(doc, id -> false);
        assertThat(reading.errors()).isEmpty();
        imports.store(reading.contents());
    }
}
