package io.scrumops.bridge.writeback;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteCallGateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void rateIsAResilience4jLimiterWithOnePermitPerInterval() {
        RateLimiterConfig config = new RemoteCallGate(SourceSystem.JIRA, 10, Duration.ofSeconds(3), clock)
                .limiter().getRateLimiterConfig();
        assertThat(config.getLimitForPeriod()).isEqualTo(1);
        assertThat(config.getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.getTimeoutDuration()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void spacesCallsEvenlyAtTheConfiguredRate() {
        RemoteCallGate gate = new RemoteCallGate(SourceSystem.SERVICENOW, 20, Duration.ofSeconds(2), clock);
        gate.enter("warm-up");
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            gate.enter("PATCH /now/table/incident/x");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
    }

    @Test
    void callThatWouldWaitLongerThanAllowedIsHeldBackWithWhenToTryAgain() {
        RemoteCallGate gate = new RemoteCallGate(SourceSystem.JIRA, 0.5, Duration.ofMillis(10), clock);
        gate.enter("PUT /rest/api/2/issue/A");
        assertThatThrownBy(() -> gate.enter("PUT /rest/api/2/issue/B"))
                .isInstanceOfSatisfying(RemoteCallHeldBack.class, e -> {
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.retryNotBefore()).isAfter(NOW.plusSeconds(1));
                    assertThat(e.getMessage()).contains("local rate limit");
                });
    }

    @Test
    void pauseHoldsEveryCallBackUntilTheRemoteSaidToComeBack() {
        RemoteCallGate gate = new RemoteCallGate(SourceSystem.SERVICENOW, 1000, Duration.ofSeconds(1), clock);
        gate.pauseUntil(NOW.plusSeconds(30));
        gate.pauseUntil(NOW.plusSeconds(10));
        assertThat(gate.pausedUntil()).contains(NOW.plusSeconds(30));
        for (String operation : new String[]{"PATCH /now/table/incident/a", "GET /now/table/sys_journal_field"}) {
            assertThatThrownBy(() -> gate.enter(operation))
                    .isInstanceOfSatisfying(RemoteCallHeldBack.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(30));
                    });
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(gate.pausedUntil()).isEmpty();
        gate.enter("PATCH /now/table/incident/a");
    }

    @Test
    void oneGatePerSystemIsSharedByItsCallers() {
        RemoteCallGates gates = new RemoteCallGates(new WritebackProperties(50, 8, Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ofMinutes(5), 10, 5, Duration.ofSeconds(10), Duration.ofSeconds(30)),
                clock);
        gates.of(SourceSystem.SERVICENOW).pauseUntil(NOW.plusSeconds(5));
        assertThat(gates.of(SourceSystem.SERVICENOW).pausedUntil()).contains(NOW.plusSeconds(5));
        assertThat(gates.of(SourceSystem.JIRA).pausedUntil()).isEmpty();
        assertThat(gates.of(SourceSystem.SERVICENOW).limiter().getRateLimiterConfig().getLimitRefreshPeriod())
                .isEqualTo(Duration.ofMillis(200));
    }
}
