package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a record off the inbound topic, maps it with the mapping files in force and stores the result in one
 * transaction. A record that cannot be mapped is quarantined with its reason and never dropped; any other failure
 * (the database is away) propagates so that the route retries it.
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

    public NormalizationOutcome process(String envelopeJson) throws JsonProcessingException {
        return process(json.readValue(envelopeJson, InboundEnvelope.class));
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
        } catch (MalformedPayloadException | UnknownMappingValueException | MappingFileException
                 | IllegalArgumentException e) {
            String reason = e.getMessage();
            long id = transaction.execute(status -> {
                long quarantineId = quarantine.add(envelope.inboxId() > 0 ? envelope.inboxId() : null,
                        envelope.source(), reason, envelope.body());
                if (envelope.inboxId() > 0) {
                    inbox.markQuarantined(envelope.inboxId());
                }
                return quarantineId;
            });
            return NormalizationOutcome.quarantined(id, reason);
        }
    }
}
