package io.scrumops.bridge.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each webhook source last delivered to this instance. A Jira webhook that was deleted, expired (dynamic
 * webhooks last 30 days) or lost its secret sends nothing and raises no error; the gauge's growing age is the only
 * sign. Until a first delivery since start-up the gauge reads NaN (no sample). Deliveries are also counted by source
 * ({@code scrumops.webhook.received}): webhooks are left out of the HTTP server observation ({@link
 * HttpObservationConfig}).
 */
@Component("webhookArrivals")
public class WebhookArrivals implements Processor {

    static final List<String> SOURCES = List.of("jira", "servicenow", "deployment");

    private final Map<String, Instant> last = new ConcurrentHashMap<>();
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    public WebhookArrivals(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.registry = registry;
        for (String source : SOURCES) {
            Gauge.builder("scrumops.webhook.last.received.age", this, arrivals -> arrivals.ageSeconds(source))
                    .tag("source", source).baseUnit("seconds")
                    .description("time since this instance last received a webhook from the source")
                    .register(registry);
            received.put(source, counter(source));
        }
    }

    private Counter counter(String source) {
        return Counter.builder("scrumops.webhook.received").tag("source", source)
                .description("webhook deliveries that passed authentication, by source").register(registry);
    }

    /**
     * The webhook routes' step ({@code process: ref: webhookArrivals}), called directly: as a {@code bean} step each
     * webhook had the method looked up and its header parameter bound.
     */
    @Override
    public void process(Exchange exchange) {
        arrived(exchange.getMessage().getHeader("ScrumOpsSource", String.class));
    }

    /** Called by the webhook routes for every delivery that passed authentication. */
    public void arrived(@Header("ScrumOpsSource") String source) {
        last.put(source, clock.instant());
        received.computeIfAbsent(source, this::counter).increment();
    }

    double ageSeconds(String source) {
        Instant at = last.get(source);
        return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
    }
}
