package io.scrumops.bridge.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scrumops.bridge.writeback.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookArrivalsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookArrivals arrivals = new WebhookArrivals(registry, clock);

    @Test
    void ageGrowsFromTheLastDeliveryOfEachSource() {
        arrivals.arrived("jira");
        clock.advance(Duration.ofMinutes(10));
        arrivals.arrived("deployment");
        clock.advance(Duration.ofSeconds(30));

        assertThat(age("jira")).isEqualTo(630.0);
        assertThat(age("deployment")).isEqualTo(30.0);
    }

    @Test
    void aSourceThatNeverDeliveredSinceStartHasNoSample() {
        assertThat(age("servicenow")).isNaN();
    }

    @Test
    void deliveriesAreCountedBySource() {
        arrivals.arrived("jira");
        arrivals.arrived("jira");
        arrivals.arrived("servicenow");

        assertThat(registry.get("scrumops.webhook.received").tag("source", "jira").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("scrumops.webhook.received").tag("source", "servicenow").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("scrumops.webhook.received").tag("source", "deployment").counter().count())
                .isEqualTo(0.0);
    }

    private double age(String source) {
        return registry.get("scrumops.webhook.last.received.age").tag("source", source).gauge().value();
    }
}
