package io.scrumops.bridge.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.PipelineBacklog;
import io.scrumops.bridge.store.RemoteActivityRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per remote system: the state of its circuit breaker (the outbox-dispatch route's, found by id) and the time since
 * the bridge last read from it and last wrote to it successfully. The reads come from the watermarks the pipeline
 * gauges already hold; the last write from the outbox, at most once per {@link #MAX_AGE}.
 */
@Component
public class RemoteSystemGauges {

    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RemoteSystemGauges.class);
    private static final List<SourceSystem> REMOTES = List.of(SourceSystem.JIRA, SourceSystem.SERVICENOW);

    /** What the console's home page shows for one system. */
    public record RemoteState(String system, String circuit, Instant lastRead, Instant lastWrite) {
    }

    private final CamelContext camel;
    private final RemoteActivityRepository activity;
    private final PipelineGauges pipeline;
    private final Clock clock;
    private volatile Map<SourceSystem, Instant> lastWrites = Map.of();
    private volatile Instant lastWritesReadAt = Instant.MIN;

    public RemoteSystemGauges(MeterRegistry registry, CamelContext camel, RemoteActivityRepository activity,
                              PipelineGauges pipeline, Clock clock) {
        this.camel = camel;
        this.activity = activity;
        this.pipeline = pipeline;
        this.clock = clock;
        for (SourceSystem system : REMOTES) {
            String tag = system.code();
            Gauge.builder("scrumops.remote.circuit.state", this, g -> circuitLevel(g.circuit(system)))
                    .tag("system", tag)
                    .description("circuit breaker of writes: 0 closed, 1 half open, 2 open, -1 not started yet")
                    .register(registry);
            Gauge.builder("scrumops.remote.last.read.age", this, g -> age(g.lastRead(system))).tag("system", tag)
                    .baseUnit("seconds").description("time since the last successful read from the system (NaN: never)")
                    .register(registry);
            Gauge.builder("scrumops.remote.last.write.age", this, g -> age(g.lastWrite(system))).tag("system", tag)
                    .baseUnit("seconds").description("time since the last successful write to the system (NaN: never)")
                    .register(registry);
        }
    }

    public List<RemoteState> states() {
        List<RemoteState> states = new ArrayList<>();
        for (SourceSystem system : REMOTES) {
            states.add(new RemoteState(system.code(), circuit(system), lastRead(system), lastWrite(system)));
        }
        return states;
    }

    /** CLOSED, HALF_OPEN, OPEN, FORCED_OPEN ... as resilience4j names them; UNKNOWN before the route started. */
    public String circuit(SourceSystem system) {
        try {
            ResilienceProcessor breaker = camel.getProcessor(system.code() + "-circuit-breaker",
                    ResilienceProcessor.class);
            return breaker == null || breaker.getCircuitBreaker() == null ? "UNKNOWN" : breaker.getCircuitBreakerState();
        } catch (RuntimeException e) {
            return "UNKNOWN";
        }
    }

    /** The latest move of any watermark of the system (its polls and reconciliation). */
    public Instant lastRead(SourceSystem system) {
        PipelineBacklog backlog = pipeline.current();
        Instant now = clock.instant();
        Instant latest = null;
        String prefix = system.code().toLowerCase(Locale.ROOT) + ".";
        for (Map.Entry<String, Double> e : backlog.sourceReadAges().entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue() != null && !e.getValue().isNaN()) {
                Instant at = now.minusMillis((long) (e.getValue() * 1000));
                latest = latest == null || at.isAfter(latest) ? at : latest;
            }
        }
        return latest;
    }

    public Instant lastWrite(SourceSystem system) {
        Instant now = clock.instant();
        if (Duration.between(lastWritesReadAt, now).compareTo(MAX_AGE) > 0) {
            try {
                Map<SourceSystem, Instant> fresh = new EnumMap<>(SourceSystem.class);
                for (SourceSystem remote : REMOTES) {
                    activity.lastSuccessfulWrite(remote).ifPresent(at -> fresh.put(remote, at));
                }
                lastWrites = fresh;
            } catch (RuntimeException e) {
                log.debug("Last writes not read, the previous values stay: {}", e.getMessage());
            }
            lastWritesReadAt = now;
        }
        return lastWrites.get(system);
    }

    static double circuitLevel(String state) {
        return switch (state) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            case "OPEN", "FORCED_OPEN" -> 2;
            default -> -1;
        };
    }

    private double age(Instant at) {
        return at == null ? Double.NaN : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }
}
