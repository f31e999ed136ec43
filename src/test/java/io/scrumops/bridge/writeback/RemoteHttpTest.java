package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteHttpTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RemoteHttp http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:x", "http://sn", "u", "p", null,
            new RemoteRateLimiter(SourceSystem.SERVICENOW, 10, Duration.ofSeconds(1), CLOCK), CLOCK);

    @Test
    void retryAfterInSecondsSetsTheNextAttempt() {
        assertThat(http.retryNotBefore(new RemoteResponse(429, Map.of("Retry-After", "7"), "")))
                .isEqualTo(NOW.plusSeconds(7));
    }

    @Test
    void serviceNowRateLimitResetInEpochSecondsSetsTheNextAttempt() {
        long reset = NOW.getEpochSecond() + 42;
        assertThat(http.retryNotBefore(new RemoteResponse(429, Map.of("X-RateLimit-Reset", String.valueOf(reset)), "")))
                .isEqualTo(Instant.ofEpochSecond(reset));
    }

    @Test
    void jiraRateLimitResetAsTimestampSetsTheNextAttempt() {
        assertThat(http.retryNotBefore(new RemoteResponse(429, Map.of("x-ratelimit-reset", "2026-03-01T10:05:00Z"), "")))
                .isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
    }

    @Test
    void onlyClientErrorsThatRetryingCannotFixArePermanent() {
        assertThat(RemoteHttp.isPermanent(400)).isTrue();
        assertThat(RemoteHttp.isPermanent(404)).isTrue();
        assertThat(RemoteHttp.isPermanent(409)).isFalse();
        assertThat(RemoteHttp.isPermanent(429)).isFalse();
        assertThat(RemoteHttp.isPermanent(503)).isFalse();
    }

    @Test
    void limiterHoldsEveryCallBackUntilTheRemoteSaidToComeBack() {
        RemoteRateLimiter limiter = new RemoteRateLimiter(SourceSystem.JIRA, 100, Duration.ofSeconds(1), CLOCK);
        limiter.pauseUntil(NOW.plusSeconds(30));
        assertThatThrownBy(() -> limiter.acquire("PUT /rest/api/2/issue/X"))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(30));
                });
    }
}
