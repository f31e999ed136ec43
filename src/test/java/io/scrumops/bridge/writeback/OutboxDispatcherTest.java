package io.scrumops.bridge.writeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.OutboxCommand;
import io.scrumops.bridge.store.OutboxRepository;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.OutboxStatus;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class OutboxDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final WritebackProperties properties = new WritebackProperties(50, 3, Duration.ofSeconds(2),
            Duration.ofMinutes(5), Duration.ofMinutes(5), 1000, 1000, Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final RemoteCallGates gates = new RemoteCallGates(properties, clock);
    private final OutboxRepository outbox = mock(OutboxRepository.class);
    private final RemoteWriter writer = mock(RemoteWriter.class);
    private final OutboxDispatcher dispatcher;

    OutboxDispatcherTest() {
        when(writer.system()).thenReturn(SourceSystem.SERVICENOW);
        when(writer.execute(any(), anyInt())).thenReturn(WriteResult.done());
        dispatcher = new OutboxDispatcher(outbox, List.of(writer), List.of(), mock(AuditLogRepository.class),
                new JiraIssueKeys(mock(SyncLinkRepository.class)), new TransactionTemplate(mock(PlatformTransactionManager.class)), properties, gates, clock);
    }

    @Test
    void aStoppingBridgeClaimsNothingSoThatNoCommandIsLeftInFlightForTheClaimTimeout() {
        org.apache.camel.CamelContext camel = mock(org.apache.camel.CamelContext.class);
        org.apache.camel.Exchange exchange = mock(org.apache.camel.Exchange.class);
        when(exchange.getContext()).thenReturn(camel);
        when(outbox.claimBatch(anyInt())).thenReturn(List.of(workNote(1)));

        when(camel.isStopping()).thenReturn(true);
        assertThat(dispatcher.claim(exchange)).isEmpty();
        verify(outbox, never()).claimBatch(anyInt());

        when(camel.isStopping()).thenReturn(false);
        assertThat(dispatcher.claim(exchange)).hasSize(1);
        verify(outbox).claimBatch(50);
    }

    @Test
    void commandForAPausedSystemIsPutBackUntriedUntilThePauseEnds() {
        gates.of(SourceSystem.SERVICENOW).pauseUntil(NOW.plusSeconds(40));

        dispatcher.execute(workNote(3));

        verify(writer, never()).execute(any(), anyInt());
        verify(outbox).markHeldBack(eq(7L), contains("servicenow asked to wait"), eq(NOW.plusSeconds(40)));
        verify(outbox, never()).markDone(anyLong());
    }

    @Test
    void commandIsAppliedOnceThePauseHasEnded() {
        gates.of(SourceSystem.SERVICENOW).pauseUntil(NOW.plusSeconds(40));
        clock.advance(Duration.ofSeconds(40));

        dispatcher.execute(workNote(1));
        dispatcher.settle();

        verify(writer).execute(any(ServiceNowJournalEntry.class), eq(1));
        verify(outbox).markDone(List.of(7L));
    }

    @Test
    void appliedCommandsAreMarkedDoneTogetherWhenTheNextBatchIsClaimed() {
        dispatcher.execute(workNote(7L, 1));
        dispatcher.execute(workNote(8L, 1));
        verify(outbox, never()).markDone(anyList());

        dispatcher.claim(null);

        verify(outbox).markDone(List.of(7L, 8L));
        verify(outbox).claimBatch(50);
    }

    @Test
    void commandWhoseBookkeepingFailsIsTriedAgainWhileTheOthersOfItsBatchAreDone() {
        WriteResultListener failsOnEight = (command, result) -> {
            if (((ServiceNowJournalEntry) command).sysId().equals("sys-8")) {
                throw new IllegalStateException("bookkeeping refused");
            }
        };
        OutboxDispatcher withListener = new OutboxDispatcher(outbox, List.of(writer), List.of(failsOnEight),
                mock(AuditLogRepository.class), new JiraIssueKeys(mock(SyncLinkRepository.class)),
                new TransactionTemplate(mock(PlatformTransactionManager.class)), properties, gates, clock);
        withListener.execute(workNote(7L, 1));
        withListener.execute(workNote(8L, 1));

        withListener.settle();

        verify(outbox).markDone(7L);
        verify(outbox, never()).markDone(8L);
        verify(outbox).markFailed(eq(8L), contains("bookkeeping refused"), eq(NOW.plus(Duration.ofSeconds(2))));
    }

    @Test
    void callHeldBackMidCommandWaitsUntilTheRemoteSaidInsteadOfTheBackoff() {
        dispatcher.failed(workNote(1), new RemoteCallHeldBack(SourceSystem.SERVICENOW, "PATCH", NOW.plusSeconds(90),
                "held back"));

        verify(outbox).markFailed(eq(7L), contains("held back"), eq(NOW.plusSeconds(90)));
    }

    @Test
    void lastAttemptThatFailsGoesToTheDeadLetters() {
        dispatcher.failed(workNote(3), new RemoteWriteException(SourceSystem.SERVICENOW, "PATCH", 502, false, null,
                "bad gateway"));

        verify(outbox).markDead(eq(7L), contains("502"));
        assertThat(properties.maxAttempts()).isEqualTo(3);
    }

    private static OutboxCommand workNote(int attempts) {
        return workNote(7L, attempts);
    }

    private static OutboxCommand workNote(long id, int attempts) {
        ServiceNowJournalEntry entry = new ServiceNowJournalEntry("servicenow:incident:abc", "incident", "sys-" + id,
                "note", "bridge", CommentVisibility.INTERNAL, null);
        return new OutboxCommand(id, "k" + id, SourceSystem.SERVICENOW, entry.type(), entry.workItemId(),
                new ObjectMapper().valueToTree(entry), OutboxStatus.IN_FLIGHT, attempts, NOW, null, NOW, null);
    }
}
