package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteHttpTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final RemoteCallGate gate = new RemoteCallGate(SourceSystem.SERVICENOW, 1000, Duration.ofSeconds(1), clock);
    private FakeRemote remote;

    @AfterEach
    void stopRemote() {
        if (remote != null) {
            remote.close();
        }
    }

    private RemoteHttp http() throws Exception {
        remote = new FakeRemote();
        return new RemoteHttp(SourceSystem.SERVICENOW, FakeRemote.ROUTE, "http://sn/api", "u", "p",
                remote.template(), gate, clock);
    }

    @Test
    void retryAfterInSecondsSetsTheNextAttempt() throws Exception {
        assertThat(http().retryNotBefore(new RemoteResponse(429, Map.of("Retry-After", "7"), "")))
                .isEqualTo(NOW.plusSeconds(7));
    }

    @Test
    void serviceNowRateLimitResetInEpochSecondsSetsTheNextAttempt() throws Exception {
        long reset = NOW.getEpochSecond() + 42;
        assertThat(http().retryNotBefore(new RemoteResponse(429, Map.of("X-RateLimit-Reset", String.valueOf(reset)),
                ""))).isEqualTo(Instant.ofEpochSecond(reset));
    }

    @Test
    void jiraRateLimitResetAsTimestampSetsTheNextAttempt() throws Exception {
        assertThat(http().retryNotBefore(new RemoteResponse(429, Map.of("x-ratelimit-reset", "2026-03-01T10:05:00Z"),
                ""))).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
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
    void answer429PausesTheWholeSystemUntilItsRetryAfter() throws Exception {
        RemoteHttp http = http();
        remote.answer(429, Map.of("Retry-After", "20"), "{\"error\": {\"message\": \"Rate limit exceeded\"}}");

        assertThatThrownBy(() -> http.call("PATCH", "/now/table/incident/a", null, "{}"))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e).isNotInstanceOf(RemoteCallHeldBack.class);
                    assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(20));
                });
        assertThatThrownBy(() -> http.call("PATCH", "/now/table/incident/b", null, "{}"))
                .isInstanceOfSatisfying(RemoteCallHeldBack.class,
                        e -> assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(20)));
        assertThat(remote.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(20));
        http.call("PATCH", "/now/table/incident/b", null, "{}");
        assertThat(remote.requests()).hasSize(2);
    }

    @Test
    void jiraPerIssueWriteLimitHoldsBackOnlyThatCommandNotTheSystem() throws Exception {
        RemoteHttp http = http();
        remote.answer(429, Map.of("Retry-After", "2", "RateLimit-Reason", "jira-per-issue-on-write"), "");

        assertThatThrownBy(() -> http.call("PUT", "/rest/api/2/issue/OPS-1", null, "{}"))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.retryNotBefore()).isEqualTo(NOW.plusSeconds(2));
                });
        assertThat(gate.pausedUntil()).as("other issues are still written").isEmpty();
    }

    @Test
    void jiraBurstAndQuotaLimitsHoldBackTheWholeSystem() {
        assertThat(RemoteHttp.holdsBackTheWholeSystem(new RemoteResponse(429,
                Map.of("RateLimit-Reason", "jira-burst-based"), ""))).isTrue();
        assertThat(RemoteHttp.holdsBackTheWholeSystem(new RemoteResponse(429,
                Map.of("RateLimit-Reason", "jira-quota-tenant-based"), ""))).isTrue();
        assertThat(RemoteHttp.holdsBackTheWholeSystem(new RemoteResponse(429, Map.of(), ""))).isTrue();
        assertThat(RemoteHttp.holdsBackTheWholeSystem(new RemoteResponse(503, Map.of(), ""))).isFalse();
    }

    @Test
    void successfulAnswerWithTheRateLimitBudgetUsedUpPausesTheSystemUntilItsReset() throws Exception {
        RemoteHttp http = http();
        long reset = NOW.getEpochSecond() + 15;
        remote.answer(200, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset),
                "X-RateLimit-Limit", "100"), "{\"result\": {}}");

        assertThat(http.call("PATCH", "/now/table/incident/a", null, "{}").status()).isEqualTo(200);

        assertThat(gate.pausedUntil()).contains(Instant.ofEpochSecond(reset));
        assertThatThrownBy(() -> http.call("PATCH", "/now/table/incident/b", null, "{}"))
                .isInstanceOf(RemoteCallHeldBack.class);
        assertThat(remote.requests()).hasSize(1);
    }

    @Test
    void budgetNotUsedUpDoesNotPause() throws Exception {
        RemoteHttp http = http();
        remote.answer(200, Map.of("X-RateLimit-Remaining", "3",
                "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 15)), "{}");

        http.call("PATCH", "/now/table/incident/a", null, "{}");
        http.call("PATCH", "/now/table/incident/b", null, "{}");

        assertThat(gate.pausedUntil()).isEmpty();
        assertThat(remote.requests()).hasSize(2);
    }

    @Test
    void serverErrorWithoutRetryAfterDoesNotPauseTheSystem() throws Exception {
        RemoteHttp http = http();
        remote.answer(502, Map.of(), "bad gateway");

        assertThatThrownBy(() -> http.call("PATCH", "/now/table/incident/a", null, "{}"))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.isPermanent()).isFalse());
        assertThat(gate.pausedUntil()).isEmpty();
    }

    @Test
    void answerBodyHandedOverAsAStreamIsReadAsTextAndTheMethodReachesCamelHttpAsItsEnum() throws Exception {
        try (var camel = new org.apache.camel.impl.DefaultCamelContext()) {
            java.util.List<Object> methods = new java.util.ArrayList<>();
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:streamed").process(exchange -> {
                        methods.add(exchange.getIn().getHeader(org.apache.camel.Exchange.HTTP_METHOD));
                        exchange.getMessage().setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, 400);
                        exchange.getMessage().setBody(new java.io.ByteArrayInputStream(
                                "{\"error\": \"caf\u00e9 refused\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        exchange.setProperty(org.apache.camel.Exchange.CHARSET_NAME, "UTF-8");
                    });
                }
            });
            camel.start();
            RemoteHttp http = new RemoteHttp(SourceSystem.SERVICENOW, "direct:streamed", "http://sn/api", "u", "p",
                    camel.createProducerTemplate(), gate, clock);

            assertThatThrownBy(() -> http.call("patch", "/now/table/incident/a", null, "{}"))
                    .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.remoteError()).isEqualTo("{\"error\": \"caf\u00e9 refused\"}");
                    });
            assertThat(methods).containsExactly(org.apache.camel.component.http.HttpMethods.PATCH);
        }
    }
}
