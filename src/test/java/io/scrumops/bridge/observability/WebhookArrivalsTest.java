package io.scrumops.bridge.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookArrivalsTest {

    private Instant now = Instant.parse("2026-11-30T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookArrivals arrivals = new WebhookArrivals(registry, clock);

    @Test
    void ageGrowsFromTheLastDeliveryOfEachSource() {
        arrivals.arrived("jira");
        now = now.plus(Duration.ofMinutes(10));
        arrivals.arrived("deployment");
        now = now.plus(Duration.ofSeconds(30));

        assertThat(age("jira")).isEqualTo(630.0);
        assertThat(age("deployment")).isEqualTo(30.0);
    }

    @Test
    void aSourceThatNeverDeliveredSinceStartHasNoSample() {
        assertThat(age("servicenow")).isNaN();
    }

    private double age(String source) {
        return registry.get("scrumops.webhook.last.received.age").tag("source", source).gauge().value();
    }
}
