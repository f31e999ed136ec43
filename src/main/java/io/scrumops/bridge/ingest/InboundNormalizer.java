package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.mapping.UnmappableRecordException;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes records off the inbound topic, maps them with the mapping files in force and stores the results. A poll
 * batch is stored in one transaction; when any record spoils it, each record of the batch is stored on its own so
 * the others go in and only that one is dealt with. A record that fails for a reason of its own (it cannot be
 * mapped, PostgreSQL refuses one of its values, its data breaks a constraint, the code cannot read a field) is
 * quarantined at once with its reason and never dropped: trying it again would fail the same way and hold up its
 * partition. Only an outage (the database away, a connection lost; see {@link FailureCause}) propagates, so that the
 * route retries it.
 */
@Component("inboundNormalizer")
public class InboundNormalizer {

    private final ObjectMapper json;
    private final RecordApplier applier;
    private final InboxRepository inbox;
    private final QuarantineRepository quarantine;
    private final TransactionTemplate transaction;

    public InboundNormalizer(ObjectMapper json, RecordApplier applier, InboxRepository inbox,
                             QuarantineRepository quarantine, TransactionTemplate transaction) {
        this.json = json;
        this.applier = applier;
        this.inbox = inbox;
        this.quarantine = quarantine;
        this.transaction = transaction;
    }

    /** @return a short account of the batch, for the log */
    public String processBatch(List<Exchange> records) {
        // gap fillers (BrokerLogIdentity.fillGaps) hold no record
        List<String> messages = records.stream().map(record -> record.getMessage().getBody(String.class))
                .filter(message -> !BrokerLogIdentity.GAP_FILLER.equals(message)).toList();
        List<InboundEnvelope> envelopes = new ArrayList<>(messages.size());
        for (String message : messages) {
            try {
                envelopes.add(json.readValue(message, InboundEnvelope.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                quarantineUnreadable(message, e);
            }
        }
        try {
            transaction.executeWithoutResult(status -> {
                inbox.relaxCommitDurability();
                List<Long> inboxIds = new ArrayList<>(envelopes.size());
                for (InboundEnvelope envelope : envelopes) {
                    applier.apply(envelope);
                    if (envelope.inboxId() > 0) {
                        inboxIds.add(envelope.inboxId());
                    }
                }
                inbox.markProcessed(inboxIds);
            });
            commitConsumed(records);
            return messages.size() + " records stored in one transaction";
        } catch (RuntimeException spoiled) {
            if (FailureCause.isOutage(spoiled)) {
                throw spoiled;
            }
            envelopes.forEach(this::process);
            commitConsumed(records);
            return messages.size() + " records stored one by one (" + spoiled.getMessage() + ")";
        }
    }

    /**
     * Commits the offsets of a batch once all of it is stored or quarantined, partition by partition. Kafka's own
     * auto-commit would commit what Camel has polled into its batch but not yet handed over, so a bridge killed at
     * that moment lost those records until the relay's republish-after.
     */
    private static void commitConsumed(List<Exchange> records) {
        Map<Object, Exchange> lastPerPartition = new HashMap<>();
        for (Exchange record : records) {
            Object partition = record.getMessage().getHeader(KafkaConstants.PARTITION);
            Long offset = record.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
            Exchange last = lastPerPartition.get(partition);
            if (offset != null && (last == null
                    || last.getMessage().getHeader(KafkaConstants.OFFSET, Long.class) < offset)) {
                lastPerPartition.put(partition, record);
            }
        }
        for (Exchange last : lastPerPartition.values()) {
            KafkaManualCommit commit = last.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT,
                    KafkaManualCommit.class);
            if (commit != null) {
                commit.commit();
            }
        }
    }

    /**
     * The batch form of {@link #deadLetter(String, Exception)}: each record is tried once more on its own. An outage
     * quarantines nothing: the failure propagates and the batch is consumed again once the database is back.
     */
    public String deadLetterBatch(List<Exchange> records, Exception failure) {
        if (FailureCause.isOutage(failure)) {
            throw failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("inbound batch not stored: " + failure, failure);
        }
        int quarantined = 0;
        for (Exchange record : records) {
            String message = record.getMessage().getBody(String.class);
            if (BrokerLogIdentity.GAP_FILLER.equals(message)) {
                continue;
            }
            try {
                quarantined += process(message).isQuarantined() ? 1 : 0;
            } catch (RuntimeException stillFailing) {
                deadLetter(message, failure);
                quarantined++;
            }
        }
        commitConsumed(records);
        return quarantined + " of " + records.size() + " records quarantined after retries";
    }

    /** A message on the inbound topic that is not an envelope (another producer's) is quarantined, not retried. */
    public NormalizationOutcome process(String envelopeJson) {
        InboundEnvelope envelope;
        try {
            envelope = json.readValue(envelopeJson, InboundEnvelope.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return quarantineUnreadable(envelopeJson, e);
        }
        return process(envelope);
    }

    private NormalizationOutcome quarantineUnreadable(String message, Exception e) {
        String reason = "unreadable inbound message: " + e.getMessage().lines().findFirst().orElse("");
        return NormalizationOutcome.quarantined(quarantine.add(null, "unknown", reason, message), reason);
    }

    /**
     * The last word on a record that kept failing for a reason other than its mapping: it is quarantined with that
     * reason so the records behind it on its partition can go on. If even that fails (the database is away), the
     * exception propagates and the record is consumed again later.
     */
    public NormalizationOutcome deadLetter(String envelopeJson, Exception failure) {
        String reason = "could not be stored after retries: " + failure;
        try {
            InboundEnvelope envelope = json.readValue(envelopeJson, InboundEnvelope.class);
            Long inboxId = envelope.inboxId() > 0 && inbox.findById(envelope.inboxId()).isPresent()
                    ? envelope.inboxId() : null;
            return NormalizationOutcome.quarantined(quarantine(inboxId, envelope, reason), reason);
        } catch (JsonProcessingException e) {
            return NormalizationOutcome.quarantined(quarantine.add(null, "unknown", reason, envelopeJson), reason);
        }
    }

    public NormalizationOutcome process(InboundEnvelope envelope) {
        try {
            return transaction.execute(status -> {
                inbox.relaxCommitDurability();
                String what = applier.apply(envelope);
                if (envelope.inboxId() > 0) {
                    inbox.markProcessed(envelope.inboxId());
                }
                return NormalizationOutcome.stored(what);
            });
        } catch (UnmappableRecordException | IllegalArgumentException e) {
            Long inboxId = envelope.inboxId() > 0 ? envelope.inboxId() : null;
            return NormalizationOutcome.quarantined(quarantine(inboxId, envelope, e.getMessage()), e.getMessage());
        } catch (RuntimeException e) {
            if (FailureCause.isOutage(e)) {
                throw e;
            }
            Long inboxId = envelope.inboxId() > 0 ? envelope.inboxId() : null;
            String reason = "record could not be stored: " + e;
            return NormalizationOutcome.quarantined(quarantine(inboxId, envelope, reason), reason);
        }
    }

    /** Quarantines the record and marks its inbox row (when it has one) in one transaction. */
    private long quarantine(Long inboxId, InboundEnvelope envelope, String reason) {
        return transaction.execute(status -> {
            if (inboxId != null) {
                var open = quarantine.openEntryOf(inboxId);
                if (open.isPresent()) {
                    return open.get();
                }
            }
            // PostgreSQL's text refuses NUL; a driver message may quote the value that had one.
            long id = quarantine.add(inboxId, envelope.source(), reason.replace('\0', '\uFFFD'), envelope.body());
            if (inboxId != null) {
                inbox.markQuarantined(inboxId);
            }
            return id;
        });
    }
}
