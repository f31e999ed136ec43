package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.InboxStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Finds inbox records that were stored but never published, old enough that their own request has given up. */
@Component("inboxRelay")
public class InboxRelay {

    private final InboxRepository inbox;
    private final InboundIdentifier identifier;
    private final Clock clock;
    private final Duration grace;
    private final int batch;

    public InboxRelay(InboxRepository inbox, InboundIdentifier identifier, Clock clock,
                      @Value("${scrumops.inbox.relay-grace:PT30S}") Duration grace,
                      @Value("${scrumops.inbox.relay-batch:500}") int batch) {
        this.inbox = inbox;
        this.identifier = identifier;
        this.clock = clock;
        this.grace = grace;
        this.batch = batch;
    }

    public List<InboundEnvelope> pending() {
        List<InboxRecord> records = inbox.findByStatus(InboxStatus.RECEIVED, clock.instant().minus(grace), batch);
        return records.stream().map(this::envelope).toList();
    }

    private InboundEnvelope envelope(InboxRecord r) {
        InboundIdentity id = identifier.identify(InboundSource.of(r.source()), r.headers(), r.body());
        return new InboundEnvelope(r.id(), r.source(), r.eventType(), id.itemKey(), r.headers(), r.body());
    }
}
