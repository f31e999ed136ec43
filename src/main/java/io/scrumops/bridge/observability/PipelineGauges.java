package io.scrumops.bridge.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.PipelineBacklog;
import io.scrumops.bridge.store.PipelineBacklogRepository;
import io.scrumops.bridge.writeback.RemoteCallGates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of what waits in the bridge's own queues and of how long ago each source was last read, so that a stalled
 * pipeline, a growing dead-letter list or a source that silently stopped answering raises an alert instead of
 * drifting unnoticed. The database is read by the pipeline-health route, not by each scrape.
 */
@Component("pipelineGauges")
public class PipelineGauges {

    private static final Logger log = LoggerFactory.getLogger(PipelineGauges.class);
    private static final List<SourceSystem> REMOTES = List.of(SourceSystem.JIRA, SourceSystem.SERVICENOW);

    private final PipelineBacklogRepository repository;
    private final AtomicReference<PipelineBacklog> last = new AtomicReference<>(PipelineBacklog.EMPTY);
    private final MultiGauge sourceReadAge;
    private volatile boolean failing;

    public PipelineGauges(MeterRegistry registry, PipelineBacklogRepository repository, RemoteCallGates gates) {
        this.repository = repository;
        gauge(registry, "scrumops.inbox.waiting", Tags.of("stage", "unpublished"), PipelineBacklog::inboxUnpublished,
                "inbox records not in Kafka yet");
        gauge(registry, "scrumops.inbox.waiting", Tags.of("stage", "unprocessed"), PipelineBacklog::inboxUnprocessed,
                "inbox records in Kafka and not stored in the model yet");
        Gauge.builder("scrumops.inbox.oldest.waiting", last, b -> b.get().inboxOldestWaitingAge()).baseUnit("seconds")
                .description("age of the oldest inbox record not stored in the model yet").register(registry);
        gauge(registry, "scrumops.outbox.open", Tags.empty(), PipelineBacklog::outboxOpen,
                "write commands not applied yet");
        Gauge.builder("scrumops.outbox.oldest.open", last, b -> b.get().outboxOldestOpenAge()).baseUnit("seconds")
                .description("age of the oldest write command not applied yet").register(registry);
        gauge(registry, "scrumops.outbox.dead", Tags.empty(), PipelineBacklog::outboxDead,
                "write commands that failed for good (dead letters)");
        gauge(registry, "scrumops.quarantine.open", Tags.empty(), PipelineBacklog::quarantineOpen,
                "inbound records quarantined and not replayed or discarded");
        for (SourceSystem system : REMOTES) {
            Gauge.builder("scrumops.remote.paused", gates, g -> g.of(system).pausedUntil().isPresent() ? 1 : 0)
                    .tag("system", system.code())
                    .description("1 while the system asked the bridge to wait (429, rate-limit reset)")
                    .register(registry);
        }
        this.sourceReadAge = MultiGauge.builder("scrumops.source.last.read.age").baseUnit("seconds")
                .description("time since the named poll or reconciliation last read its source").register(registry);
    }

    /** The figures of the last refresh (the console's sync health page shows them). */
    public PipelineBacklog current() {
        return last.get();
    }

    /** Reads the queues again; while the database cannot be read the gauges keep their last values. */
    public String refresh() {
        PipelineBacklog backlog;
        try {
            backlog = repository.read();
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Pipeline gauges not refreshed, the last values stay: {}", e.getMessage());
            }
            failing = true;
            return "pipeline gauges not refreshed";
        }
        failing = false;
        last.set(backlog);
        sourceReadAge.register(backlog.sourceReadAges().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("watermark", e.getKey()), e.getValue()))
                .toList(), true);
        return "pipeline: " + backlog.inboxUnpublished() + " unpublished, " + backlog.inboxUnprocessed()
                + " unprocessed, " + backlog.outboxOpen() + " open commands, " + backlog.outboxDead() + " dead, "
                + backlog.quarantineOpen() + " quarantined";
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, ToDoubleFunction<PipelineBacklog> value,
                       String description) {
        Gauge.builder(name, last, b -> value.applyAsDouble(b.get())).tags(tags).description(description)
                .register(registry);
    }
}
