package io.scrumops.bridge.ingest;

import io.scrumops.bridge.adapter.servicenow.ServiceNowPollProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNowReadPauseTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final ServiceNowReadPause pause = new ServiceNowReadPause(new ServiceNowPollProperties(60000, 100,
            List.of("incident"), Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofMinutes(5), 5));

    @Test
    void pauseDoublesWithEvery429InARowUpToTheLongest() {
        assertThat(pause.rateLimited(NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(pause.rateLimited(NOW)).isEqualTo(Duration.ofMinutes(2));
        assertThat(pause.rateLimited(NOW)).isEqualTo(Duration.ofMinutes(4));
        assertThat(pause.rateLimited(NOW)).isEqualTo(Duration.ofMinutes(5));
        assertThat(pause.until(NOW)).contains(NOW.plus(Duration.ofMinutes(5)));
        assertThat(pause.until(NOW.plus(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void pollThatGetsThroughStartsTheCountAgain() {
        pause.rateLimited(NOW);
        pause.rateLimited(NOW);
        pause.gotThrough();

        assertThat(pause.rateLimited(NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(pause.inARow()).isEqualTo(1);
    }
}
