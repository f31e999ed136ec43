package io.scrumops.bridge.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.metrics.DoraMetrics;
import io.scrumops.bridge.metrics.MetricsProfile;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report card names the convention behind each figure, so that DevLake's "0.0 days/week" reads as what it is. */
class ReportConventionTest {

    /** Five Monday weeks with 0, 0, 2, 0, 0 deployment days: DevLake's lower median is 0, the interpolated one 0 too. */
    private static DoraMetrics.Figure frequency(double value) {
        Map<LocalDate, Integer> weeks = new LinkedHashMap<>();
        int[] days = {0, 0, 2, 0, 0};
        for (int w = 0; w < days.length; w++) {
            weeks.put(LocalDate.parse("2023-03-27").plusWeeks(w), days[w]);
        }
        return new DoraMetrics.Figure("deploymentFrequency", value, "deployment days per week (median)", 2, Map.of(),
                List.of(), false, Map.of("deploymentDaysPerWeek", weeks));
    }

    @Test
    void devlakeDeploymentFrequencySaysItIsTheLowerMedianOfDeploymentDaysPerWeek() {
        DoraMetrics.Figure figure = frequency(0.0);

        assertThat(ReportController.format(figure)).isEqualTo("0.0 days/week");
        assertThat(ReportController.convention(figure, MetricsProfile.DEVLAKE))
                .isEqualTo("lower median of deployment days per week, DevLake (5 Monday weeks, empty ones as 0)");
    }

    @Test
    void defaultDeploymentFrequencySaysItIsTheMedianOfDeploymentDaysPerWeek() {
        assertThat(ReportController.convention(frequency(0.0), MetricsProfile.DEFAULT))
                .isEqualTo("median of deployment days per week, default (5 Monday weeks, empty ones as 0)");
    }

    @Test
    void timeFiguresNameTheirMedianAndProfile() {
        DoraMetrics.Figure lead = new DoraMetrics.Figure("leadTime", 4478.0, "minutes", 3, Map.of(), List.of(), false,
                Map.of());
        DoraMetrics.Figure restore = new DoraMetrics.Figure("timeToRestore", 60.0, "minutes", 1, Map.of(), List.of(),
                false, Map.of());

        assertThat(ReportController.convention(lead, MetricsProfile.DEVLAKE))
                .isEqualTo("lower median per merged pull request, first commit to first production deployment, DevLake");
        assertThat(ReportController.convention(lead, MetricsProfile.DEFAULT))
                .isEqualTo("median per change, first commit to first production deployment, default");
        assertThat(ReportController.convention(restore, MetricsProfile.DEFAULT))
                .isEqualTo("median per incident, created to resolved, default");
    }
}
