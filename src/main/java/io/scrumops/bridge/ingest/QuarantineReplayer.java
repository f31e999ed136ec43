package io.scrumops.bridge.ingest;

import io.scrumops.bridge.mapping.UnmappableRecordException;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.QuarantineEntry;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.QuarantineStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.NoSuchElementException;

/** Runs a quarantined record through the mapping files in force again; on success it leaves the quarantine. */
@Component
public class QuarantineReplayer {

    public record ReplayResult(long quarantineId, boolean replayed, String detail) {
    }

    private final QuarantineRepository quarantine;
    private final InboxRepository inbox;
    private final InboundIdentifier identifier;
    private final RecordApplier applier;
    private final AuditLogRepository audit;
    private final TransactionTemplate transaction;

    public QuarantineReplayer(QuarantineRepository quarantine, InboxRepository inbox, InboundIdentifier identifier,
                              RecordApplier applier, AuditLogRepository audit, TransactionTemplate transaction) {
        this.quarantine = quarantine;
        this.inbox = inbox;
        this.identifier = identifier;
        this.applier = applier;
        this.audit = audit;
        this.transaction = transaction;
    }

    public ReplayResult replay(long quarantineId, String actor) {
        QuarantineEntry entry = quarantine.findById(quarantineId)
                .orElseThrow(() -> new NoSuchElementException("no quarantine entry " + quarantineId));
        if (entry.status() != QuarantineStatus.OPEN) {
            return new ReplayResult(quarantineId, false, "entry is " + entry.status() + ", only OPEN entries replay");
        }
        InboundEnvelope envelope = envelopeOf(entry);
        try {
            String detail = transaction.execute(status -> {
                String what = applier.apply(envelope);
                quarantine.markReplayed(quarantineId);
                if (entry.inboxId() != null) {
                    inbox.markProcessed(entry.inboxId());
                }
                audit.record(actor, "quarantine.replayed", String.valueOf(quarantineId), Map.of("result", what));
                return what;
            });
            return new ReplayResult(quarantineId, true, detail);
        } catch (UnmappableRecordException | IllegalArgumentException e) {
            return new ReplayResult(quarantineId, false, e.getMessage());
        }
    }

    private InboundEnvelope envelopeOf(QuarantineEntry entry) {
        if (entry.inboxId() != null) {
            InboxRecord record = inbox.findById(entry.inboxId()).orElseThrow(
                    () -> new NoSuchElementException("inbox record " + entry.inboxId() + " is gone"));
            InboundIdentity id = identifier.identify(InboundSource.of(record.source()), record.headers(), record.body());
            return new InboundEnvelope(record.id(), record.source(), record.eventType(), id.itemKey(),
                    record.headers(), record.body());
        }
        InboundIdentity id = identifier.identify(InboundSource.of(entry.source()), Map.of(), entry.payload());
        return new InboundEnvelope(0, entry.source(), id.eventType(), id.itemKey(), Map.of(), entry.payload());
    }
}
