package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.metrics.math.DeploymentDays;
import io.scrumops.bridge.metrics.math.DoraBands;
import io.scrumops.bridge.metrics.math.DoraBands.Level;
import io.scrumops.bridge.metrics.math.Medians;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void lowerMedianTakesTheLowerMiddleOfAnEvenSample() {
        assertThat(Medians.lowerMedian(List.of(4, 1, 3, 2))).isEqualTo(2.0);
        assertThat(Medians.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
        assertThat(Medians.upperMedian(List.of(4, 1, 3, 2))).isEqualTo(3.0);
    }

    @Test
    void gitLabsInterpolatedMedianOfSixDailyValues() {
        assertThat(Medians.median(List.of(100, 90, 80, 70, 60, 50))).isEqualTo(75.0);
        assertThat(Medians.median(List.of(7, 5, 3, 1))).isEqualTo(4.0);
    }

    @Test
    void lowerMedianFollowsPercentRankWithTies() {
        assertThat(Medians.lowerMedian(List.of(1, 1, 1, 5, 6))).isEqualTo(1.0);
        assertThat(Medians.lowerMedian(List.of(0, 0, 2, 0, 0))).isEqualTo(0.0);
        assertThat(Medians.lowerMedian(List.of(9))).isEqualTo(9.0);
        assertThat(Medians.lowerMedian(List.of())).isNull();
    }

    @Test
    void weeksStartOnMondayAndEmptyWeeksCount() {
        Map<LocalDate, Integer> weeks = DeploymentDays.perWeek(
                List.of(LocalDate.parse("2023-04-10"), LocalDate.parse("2023-04-13")),
                LocalDate.parse("2023-04-01"), LocalDate.parse("2023-04-30"));

        assertThat(weeks).containsExactly(Map.entry(LocalDate.parse("2023-03-27"), 0),
                Map.entry(LocalDate.parse("2023-04-03"), 0), Map.entry(LocalDate.parse("2023-04-10"), 2),
                Map.entry(LocalDate.parse("2023-04-17"), 0), Map.entry(LocalDate.parse("2023-04-24"), 0));
    }

    @Test
    void bandsFollowTheReportThresholds() {
        assertThat(DoraBands.leadTime(2023, 1439.0).level()).isEqualTo(Level.ELITE);
        assertThat(DoraBands.leadTime(2023, 1440.0).level()).isEqualTo(Level.HIGH);
        assertThat(DoraBands.leadTime(2021, 59.0).level()).isEqualTo(Level.ELITE);
        assertThat(DoraBands.leadTime(2021, 259200.0).level()).isEqualTo(Level.LOW);
        assertThat(DoraBands.changeFailureRate(2023, 0.05).level()).isEqualTo(Level.ELITE);
        assertThat(DoraBands.changeFailureRate(2021, 0.16).level()).isEqualTo(Level.HIGH);
        assertThat(DoraBands.changeFailureRate(2021, 0.31).label()).isEqualTo("> 30%(low)");
        assertThat(DoraBands.timeToRestore(1440.0).level()).isEqualTo(Level.MEDIUM);
        assertThat(DoraBands.failedDeploymentRecovery(30.0).label()).isEqualTo("Less than one hour(elite)");
        assertThat(DoraBands.deploymentFrequency(2023, new DoraBands.DeploymentDays(5.0, 20.0, 100.0)).level())
                .isEqualTo(Level.ELITE);
        assertThat(DoraBands.deploymentFrequency(2021, new DoraBands.DeploymentDays(0.0, 0.0, 1.0)).level())
                .isEqualTo(Level.MEDIUM);
        assertThat(DoraBands.deploymentFrequency(2023, new DoraBands.DeploymentDays(0.0, 0.0, 1.0)).level())
                .isEqualTo(Level.LOW);
    }
}
