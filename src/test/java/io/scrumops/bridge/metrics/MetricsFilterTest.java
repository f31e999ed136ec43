package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsFilterTest {

    private static final Instant NOW = Instant.parse("2024-03-15T10:00:00Z");

    @Test
    void aDateAsEndCoversThatWholeDayInUtc() {
        MetricsFilter f = MetricsFilter.of(null, null, "2024-01-01", "2024-01-31", null, NOW);

        assertThat(f.from()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(f.to()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(f.profile()).isEqualTo(MetricsProfile.DEFAULT);
    }

    @Test
    void withoutAWindowTheLast90DaysUpToTheEndOfTodayCount() {
        MetricsFilter f = MetricsFilter.of("", " ", null, null, "devlake", NOW);

        assertThat(f.to()).isEqualTo(Instant.parse("2024-03-16T00:00:00Z"));
        assertThat(f.from()).isEqualTo(Instant.parse("2023-12-17T00:00:00Z"));
        assertThat(f.project()).isNull();
        assertThat(f.team()).isNull();
        assertThat(f.profile()).isEqualTo(MetricsProfile.DEVLAKE);
    }

    @Test
    void refusesAnUnknownProfileAReversedWindowAndAnUnreadableTime() {
        assertThatThrownBy(() -> MetricsFilter.of(null, null, null, null, "fourkeys", NOW))
                .hasMessageContaining("profile must be default or devlake");
        assertThatThrownBy(() -> MetricsFilter.of(null, null, "2024-02-01", "2024-01-01", null, NOW))
                .hasMessageContaining("from must be before to");
        assertThatThrownBy(() -> MetricsFilter.of(null, null, "yesterday", null, null, NOW))
                .hasMessageContaining("from must be a date");
    }

    @Test
    void projectAndTeamBecomeScopeConditions() {
        MetricsFilter f = MetricsFilter.of("shop", "team-a", "2024-01-01", "2024-01-31", null, NOW);

        assertThat(f.scope("d.scope")).isEqualTo(
                " and d.scope in (select ms.scope from metric_scope ms where ms.project = :project) and d.scope = :team");
    }
}
