package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.InboxStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Finds inbox records that were stored but never published, old enough that their own request has given up. */
@Component("inboxRelay")
public class InboxRelay {

    private final InboxRepository inbox;
    private final InboundIdentifier identifier;
    private final Clock clock;
    private final Duration grace;
    private final int batch;
    private final Duration republishAfter;

    public InboxRelay(InboxRepository inbox, InboundIdentifier identifier, Clock clock,
                      @Value("${scrumops.inbox.relay-grace:PT30S}") Duration grace,
                      @Value("${scrumops.inbox.relay-batch:500}") int batch,
                      @Value("${scrumops.inbox.republish-after:PT10M}") Duration republishAfter) {
        this.republishAfter = republishAfter;
        this.inbox = inbox;
        this.identifier = identifier;
        this.clock = clock;
        this.grace = grace;
        this.batch = batch;
    }

    /**
     * Records stored but never published, and records published long ago but still not processed (their
     * processing commit was lost, or the broker lost them): both are published again.
     */
    public List<InboundEnvelope> pending() {
        List<InboxRecord> records = new ArrayList<>(
                inbox.findByStatus(InboxStatus.RECEIVED, clock.instant().minus(grace), batch));
        records.addAll(inbox.findByStatus(InboxStatus.PUBLISHED, clock.instant().minus(republishAfter), batch));
        return records.stream().map(this::envelope).toList();
    }

    private InboundEnvelope envelope(InboxRecord r) {
        InboundIdentity id = identifier.identify(InboundSource.of(r.source()), r.headers(), r.body());
        return new InboundEnvelope(r.id(), r.source(), r.eventType(), id.itemKey(), r.headers(), r.body());
    }
}
