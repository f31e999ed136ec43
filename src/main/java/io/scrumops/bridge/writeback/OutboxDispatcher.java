package io.scrumops.bridge.writeback;

import jakarta.annotation.PreDestroy;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.OutboxCommand;
import io.scrumops.bridge.store.OutboxRepository;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
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
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The steps of the outbox-dispatch route: claim due commands, apply one through its system's writer, and decide
 * what a failure means (try again later, wait as the remote asked, or dead letter).
 */
@Component("outboxDispatcher")
public class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** The header the dispatch route chooses a command's circuit breaker by: the target system's name. */
    public static final String TARGET_SYSTEM = "ScrumOpsTargetSystem";
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
    /** When the batch being applied was claimed, by this claimer's clock (the lease runs from about then). */
    private volatile Instant batchClaimedAt;

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
        batchClaimedAt = clock.instant();
        return outbox.claimBatch(properties.batchSize());
    }

    /**
     * The claimed commands as the messages the dispatch route splits the batch into: each command as the body, its
     * target system's name in the {@link #TARGET_SYSTEM} header. The route's choice of circuit breaker then compares
     * two strings; comparing the command's enum property with a string made Camel search its type converters for
     * every command.
     */
    public List<Message> messages(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<OutboxCommand> claimed = exchange.getMessage().getBody(List.class);
        List<Message> messages = new ArrayList<>(claimed.size());
        for (OutboxCommand command : claimed) {
            Message message = new DefaultMessage(exchange);
            message.setBody(command);
            message.setHeader(TARGET_SYSTEM, command.targetSystem().name());
            messages.add(message);
        }
        return messages;
    }

    /**
     * Marks the commands applied since the last call done and records what they did (the listeners' bookkeeping), in
     * one transaction: one commit per claimed batch instead of one per command. When that transaction fails, each
     * command is settled in a transaction of its own, and one whose bookkeeping fails is treated as a failed attempt
     * (tried again later), as it was when each command committed alone. A crash before the commit leaves the batch
     * IN_FLIGHT; it is given back after the claim timeout and applied again, which the writers' idempotency keys and
     * search-before-create make safe (as for a crash between a call and its own commit).
     * Marking done is fenced by each command's claim token: a command claimed again by another claimer after this
     * claim's lease ran out is not marked, and its bookkeeping is not run, so the newer claim's outcome stays.
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
                Set<Long> done = outbox.markDone(batch.stream().map(Applied::settle).toList());
                for (Applied applied : batch) {
                    if (done.contains(applied.claimed().id())) {
                        listeners.forEach(listener -> listener.applied(applied.command(), applied.result()));
                    } else {
                        refused(applied.claimed(), "done");
                    }
                }
            });
        } catch (RuntimeException batchFailed) {
            LOG.debug("Settling {} applied outbox commands together failed, settling one by one: {}", batch.size(),
                    batchFailed.toString());
            for (Applied applied : batch) {
                try {
                    transaction.executeWithoutResult(status -> {
                        if (outbox.markDone(List.of(applied.settle())).contains(applied.claimed().id())) {
                            listeners.forEach(listener -> listener.applied(applied.command(), applied.result()));
                        } else {
                            refused(applied.claimed(), "done");
                        }
                    });
                } catch (RuntimeException failed) {
                    failed(applied.claimed(), failed);
                }
            }
        }
    }

    /** A settle the claim token refused: the command was claimed again after this claim's lease ran out. */
    private static void refused(OutboxCommand claimed, String outcome) {
        LOG.info("Outbox command {} ({}) not marked {}: claim {} is no longer its latest (its lease ran out and it was"
                + " claimed again); the newer claim's outcome stays", claimed.id(), claimed.commandType(), outcome,
                claimed.claimToken());
    }

    /**
     * Applies one claimed command. While its system is paused (the remote said when to come back) the command is
     * put back untried, its attempt not counted: it is neither a failure for the circuit breaker nor a step towards
     * the dead letters. A writer that finds, just before a write that must not be made twice, that the claim is no
     * longer this claimer's gives the command up: it is left as it is, for the newer claim.
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
            if (!outbox.markHeldBack(claimed, "held back: " + claimed.targetSystem().code()
                    + " asked to wait until " + paused.get(), paused.get())) {
                refused(claimed, "held back");
            }
            LOG.debug("Outbox command {} ({}) held back until {}", claimed.id(), claimed.commandType(), paused.get());
            return;
        }
        Instant claimedAt = batchClaimedAt;
        WriteAttempt attempt = new WriteAttempt(claimed.attempts(), claimed.marker(), () -> holdsClaim(claimed,
                claimedAt));
        WriteResult result;
        try {
            result = writer.execute(command, attempt);
        } catch (ClaimLostException lost) {
            LOG.info("Outbox command {} ({}) given up: {}; claim {} is no longer this claimer's (its lease of {} ran"
                            + " out), the command is left to its newer claim", claimed.id(), claimed.commandType(),
                    lost.getMessage(), claimed.claimToken(), properties.claimTimeout());
            return;
        }
        applied.add(new Applied(claimed, command, result));
    }

    /**
     * Whether the claim is still this claimer's. Within the first half of the claim timeout since the batch was
     * claimed nobody can have taken it over (a claim is given back only after the whole timeout), so the outbox is
     * asked only later than that: a write that must not be made twice costs no query in the usual case.
     */
    private boolean holdsClaim(OutboxCommand claimed, Instant claimedAt) {
        Instant now = clock.instant();
        if (claimedAt != null && now.isBefore(claimedAt.plus(properties.claimTimeout().dividedBy(2)))) {
            return true;
        }
        return outbox.holdsClaim(claimed, now.minus(properties.claimTimeout()));
    }

    /** A command the remote has taken, waiting for {@link #settle()}. */
    private record Applied(OutboxCommand claimed, WriteCommand command, WriteResult result) {

        OutboxRepository.Settle settle() {
            return new OutboxRepository.Settle(claimed, result == null ? null : result.remoteId(),
                    result == null ? null : result.remoteKey());
        }
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
            if (!outbox.markFailed(claimed, "circuit open for " + claimed.targetSystem().code(),
                    now.plus(properties.circuitOpenRetry()))) {
                refused(claimed, "failed");
            }
            return;
        }
        RemoteWriteException remote = remoteCause(cause);
        String error = remote != null ? remote.getMessage() : cause.toString();
        boolean permanent = remote != null && remote.isPermanent();
        if (permanent || claimed.attempts() >= properties.maxAttempts()) {
            if (!outbox.markDead(claimed, error)) {
                refused(claimed, "dead");
                return;
            }
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
        if (!outbox.markFailed(claimed, error, next)) {
            refused(claimed, "failed");
            return;
        }
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
