package io.scrumops.bridge.writeback;

import jakarta.annotation.PreDestroy;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.OutboxCommand;
import io.scrumops.bridge.store.OutboxRepository;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The steps of the outbox-dispatch route: claim due commands, apply one through its system's writer, and decide
 * what a failure means (try again later, wait as the remote asked, or dead letter).
 */
@Component("outboxDispatcher")
public class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Map<String, Class<?>> COMMAND_TYPES = Arrays.stream(WriteCommand.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));

    private final OutboxRepository outbox;
    private final Map<SourceSystem, RemoteWriter> writers = new EnumMap<>(SourceSystem.class);
    private final List<WriteResultListener> listeners;
    private final AuditLogRepository audit;
    private final JiraIssueKeys issueKeys;
    private final TransactionTemplate transaction;
    private final WritebackProperties properties;
    private final RemoteCallGates gates;
    private final Clock clock;
    /** Applied since the last {@link #settle()}; the dispatch route's thread adds and settles. */
    private final Queue<Applied> applied = new ConcurrentLinkedQueue<>();

    public OutboxDispatcher(OutboxRepository outbox, List<RemoteWriter> writers, List<WriteResultListener> listeners,
                            AuditLogRepository audit, JiraIssueKeys issueKeys, TransactionTemplate transaction,
                            WritebackProperties properties, RemoteCallGates gates, Clock clock) {
        this.issueKeys = issueKeys;
        this.outbox = outbox;
        writers.forEach(writer -> this.writers.put(writer.system(), writer));
        this.listeners = listeners;
        this.audit = audit;
        this.transaction = transaction;
        this.properties = properties;
        this.gates = gates;
        this.clock = clock;
    }

    /**
     * Settles the commands applied since the last claim (one transaction for the batch), then claims the next due
     * ones; none while the bridge is stopping. A work item's next command becomes claimable only once its earlier one
     * is settled as done, so settling before claiming keeps each item's order. The route claims again as long as
     * claims come back non-empty, so without the stopping check a stopping bridge kept claiming under a steady load
     * until its shutdown timeout cut the route off, leaving what it had claimed IN_FLIGHT for {@code claim-timeout}.
     */
    public List<OutboxCommand> claim(Exchange exchange) {
        settle();
        if (exchange != null && (exchange.getContext().isStopping() || exchange.getContext().isStopped())) {
            return List.of();
        }
        outbox.releaseAbandoned(clock.instant().minus(properties.claimTimeout()));
        return outbox.claimBatch(properties.batchSize());
    }

    /**
     * Records what the commands applied since the last call did (the listeners' bookkeeping) and marks them done, in
     * one transaction: one commit per claimed batch instead of one per command. When that transaction fails, each
     * command is settled in a transaction of its own, and one whose bookkeeping fails is treated as a failed attempt
     * (tried again later), as it was when each command committed alone. A crash before the commit leaves the batch
     * IN_FLIGHT; it is given back after the claim timeout and applied again, which the writers' idempotency keys and
     * search-before-create make safe (as for a crash between a call and its own commit).
     */
    @PreDestroy
    public void settle() {
        List<Applied> batch = new ArrayList<>();
        for (Applied applied = this.applied.poll(); applied != null; applied = this.applied.poll()) {
            batch.add(applied);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            transaction.executeWithoutResult(status -> {
                batch.forEach(applied -> listeners.forEach(listener -> listener.applied(applied.command(), applied.result())));
                outbox.markDone(batch.stream().map(applied -> applied.claimed().id()).toList());
            });
        } catch (RuntimeException batchFailed) {
            LOG.debug("Settling {} applied outbox commands together failed, settling one by one: {}", batch.size(),
                    batchFailed.toString());
            for (Applied applied : batch) {
                try {
                    transaction.executeWithoutResult(status -> {
                        listeners.forEach(listener -> listener.applied(applied.command(), applied.result()));
                        outbox.markDone(applied.claimed().id());
                    });
                } catch (RuntimeException failed) {
                    failed(applied.claimed(), failed);
                }
            }
        }
    }

    /**
     * Applies one claimed command. While its system is paused (the remote said when to come back) the command is
     * put back untried, its attempt not counted: it is neither a failure for the circuit breaker nor a step towards
     * the dead letters.
     */
    public void execute(OutboxCommand claimed) {
        WriteCommand command = issueKeys.resolve(decode(claimed));
        RemoteWriter writer = writers.get(claimed.targetSystem());
        if (writer == null) {
            throw new RemoteWriteException(claimed.targetSystem(), claimed.commandType(), 0, true, null,
                    "no writer for " + claimed.targetSystem());
        }
        Optional<Instant> paused = gates.of(claimed.targetSystem()).pausedUntil();
        if (paused.isPresent()) {
            outbox.markHeldBack(claimed.id(), "held back: " + claimed.targetSystem().code()
                    + " asked to wait until " + paused.get(), paused.get());
            LOG.debug("Outbox command {} ({}) held back until {}", claimed.id(), claimed.commandType(), paused.get());
            return;
        }
        WriteResult result = writer.execute(command, claimed.attempts());
        applied.add(new Applied(claimed, command, result));
    }

    /** A command the remote has taken, waiting for {@link #settle()}. */
    private record Applied(OutboxCommand claimed, WriteCommand command, WriteResult result) {
    }

    /** The circuit breaker's fallback: the attempt failed or was not made because the breaker is open. */
    public void deferred(Exchange exchange) {
        OutboxCommand claimed = exchange.getMessage().getBody(OutboxCommand.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failed(claimed, cause);
    }

    void failed(OutboxCommand claimed, Throwable cause) {
        Instant now = clock.instant();
        if (cause == null || cause instanceof CallNotPermittedException) {
            outbox.markFailed(claimed.id(), "circuit open for " + claimed.targetSystem().code(),
                    now.plus(properties.circuitOpenRetry()));
            return;
        }
        RemoteWriteException remote = remoteCause(cause);
        String error = remote != null ? remote.getMessage() : cause.toString();
        boolean permanent = remote != null && remote.isPermanent();
        if (permanent || claimed.attempts() >= properties.maxAttempts()) {
            outbox.markDead(claimed.id(), error);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("outboxId", claimed.id());
            detail.put("command", claimed.commandType());
            detail.put("attempts", claimed.attempts());
            detail.put("error", error);
            audit.record("bridge", "writeback.dead", claimed.aggregateId(), detail);
            LOG.warn("Outbox command {} ({}) is dead after {} attempts: {}", claimed.id(), claimed.commandType(),
                    claimed.attempts(), error);
            return;
        }
        Instant next = remote != null && remote.retryNotBefore() != null
                ? remote.retryNotBefore()
                : now.plus(properties.backoff(claimed.attempts()));
        outbox.markFailed(claimed.id(), error, next);
        LOG.info("Outbox command {} ({}) failed, next attempt at {}: {}", claimed.id(), claimed.commandType(), next,
                error);
    }

    static WriteCommand decode(OutboxCommand claimed) {
        Class<?> type = COMMAND_TYPES.get(claimed.commandType());
        if (type == null) {
            throw new RemoteWriteException(claimed.targetSystem(), claimed.commandType(), 0, true, null,
                    "unknown command type " + claimed.commandType());
        }
        return (WriteCommand) claimed.payloadAs(type);
    }

    private static RemoteWriteException remoteCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RemoteWriteException remote) {
                return remote;
            }
        }
        return null;
    }
}
