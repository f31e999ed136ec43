package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.InboxStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class InboxRelayTest {

    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");
    private final InboxRepository inbox = mock(InboxRepository.class);
    private final BrokerLogIdentity brokerLog = mock(BrokerLogIdentity.class);
    private final InboundIdentifier identifier = mock(InboundIdentifier.class);
    private final InboxRelay relay = new InboxRelay(inbox, identifier, Clock.fixed(NOW, ZoneOffset.UTC), brokerLog,
            Duration.ofSeconds(30), 500, Duration.ofMinutes(10));

    InboxRelayTest() {
        when(brokerLog.changed()).thenReturn(Optional.empty());
        when(identifier.identify(any(), anyMap(), anyString()))
                .thenReturn(new InboundIdentity("jira:webhook:1", "jira:issue:1", "jira:issue_created"));
        when(inbox.findByStatus(eq(InboxStatus.PUBLISHED), eq(NOW), anyInt())).thenReturn(List.of(
                new InboxRecord(7, "jira", "jira:issue_created", "jira:webhook:1", NOW.minusSeconds(60), Map.of(),
                        "{}", InboxStatus.PUBLISHED, null)));
    }

    @Test
    void aLostLogTailIsFilledAndEveryPublishedRecordGoesAgainAtOnce() throws Exception {
        List<BrokerLogIdentity.LostTail> lost = List.of(new BrokerLogIdentity.LostTail(1, 5, 9));
        when(brokerLog.lostTail()).thenReturn(lost);

        List<InboundEnvelope> pending = relay.pending();

        verify(brokerLog).fillGaps(lost);
        assertThat(pending).extracting(InboundEnvelope::inboxId).containsExactly(7L);
    }

    @Test
    void anIntactLogLeavesPublishedRecordsToRepublishAfter() throws Exception {
        when(brokerLog.lostTail()).thenReturn(List.of());

        assertThat(relay.pending()).isEmpty();

        verify(brokerLog, never()).fillGaps(any());
        verify(inbox).findByStatus(InboxStatus.PUBLISHED, NOW.minus(Duration.ofMinutes(10)), 500);
    }
}
