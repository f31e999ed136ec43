package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.InboxStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds inbox records that were stored but never published, old enough that their own request has given up. */
@Component("inboxRelay")
public class InboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRelay.class);

    private final InboxRepository inbox;
    private final InboundIdentifier identifier;
    private final Clock clock;
    private final Duration grace;
    private final int batch;
    private final Duration republishAfter;
    private final BrokerLogIdentity brokerLog;
    /** Requests of this process may still be publishing what they stored; those of an earlier process cannot. */
    private final Instant started;
    /** While set, records marked PUBLISHED before it are published again at once: the broker cannot have them. */
    private Instant brokerLostBefore;
    private String brokerIdentity;

    public InboxRelay(InboxRepository inbox, InboundIdentifier identifier, Clock clock, BrokerLogIdentity brokerLog,
                      @Value("${scrumops.inbox.relay-grace:PT30S}") Duration grace,
                      @Value("${scrumops.inbox.relay-batch:500}") int batch,
                      @Value("${scrumops.inbox.republish-after:PT10M}") Duration republishAfter) {
        this.republishAfter = republishAfter;
        this.brokerLog = brokerLog;
        this.started = clock.instant();
        this.inbox = inbox;
        this.identifier = identifier;
        this.clock = clock;
        this.grace = grace;
        this.batch = batch;
    }

    /**
     * Records stored but never published, and records published long ago but still not processed (their
     * processing commit was lost, or the broker lost them): both are published again. Records stored by an earlier
     * run of the bridge need no grace (no request of theirs is still under way), and when the broker is not the one
     * they were published to, every record published but not processed goes again at once.
     */
    public synchronized List<InboundEnvelope> pending() {
        Instant now = clock.instant();
        Optional<String> changed = brokerLog.changed();
        if (changed.isPresent() && !changed.get().equals(brokerIdentity)) {
            brokerIdentity = changed.get();
            brokerLostBefore = now;
        }
        if (changed.isPresent()) {
            brokerLog.forgetTail();
        }
        List<BrokerLogIdentity.LostTail> lost = brokerLog.lostTail();
        if (!lost.isEmpty()) {
            // The same broker, but its log ends before records it acknowledged (a power loss, a restored disk): which
            // records it lost is not known here, so everything marked PUBLISHED goes again, behind the filled gap.
            LOG.warn("The broker's log of the inbound topic ends before offsets it acknowledged ({}): publishing again"
                    + " every record not processed yet", lost);
            try {
                brokerLog.fillGaps(lost);
            } catch (Exception e) {
                throw new IllegalStateException("could not fill the lost tail of the inbound topic: " + e, e);
            }
            if (brokerLostBefore == null || brokerLostBefore.isBefore(now)) {
                brokerLostBefore = now;
            }
        }
        Instant graceCut = now.minus(grace);
        Instant receivedBefore = graceCut.isAfter(started) ? graceCut : started;
        List<InboxRecord> records = new ArrayList<>(inbox.findByStatus(InboxStatus.RECEIVED, receivedBefore, batch));
        Instant republishCut = now.minus(republishAfter);
        if (brokerLostBefore != null && brokerLostBefore.isAfter(republishCut)) {
            republishCut = brokerLostBefore;
        }
        List<InboxRecord> published = inbox.findByStatus(InboxStatus.PUBLISHED, republishCut, batch);
        records.addAll(published);
        if (brokerLostBefore != null && published.size() < batch) {
            // Everything the earlier broker held is on its way to this one (marks of this run: see published()).
            if (brokerIdentity != null) {
                brokerLog.settle(brokerIdentity);
            }
            brokerLostBefore = null;
        }
        return records.stream().map(this::envelope).toList();
    }

    private InboundEnvelope envelope(InboxRecord r) {
        InboundIdentity id = identifier.identify(InboundSource.of(r.source()), r.headers(), r.body());
        return new InboundEnvelope(r.id(), r.source(), r.eventType(), id.itemKey(), r.headers(), r.body());
    }
}
