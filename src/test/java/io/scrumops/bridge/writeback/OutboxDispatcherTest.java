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
import static org.mockito.ArgumentMatchers.argThat;
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
        when(writer.execute(any(), any(WriteAttempt.class))).thenReturn(WriteResult.done());
        when(outbox.markDone(anyList())).thenAnswer(call -> ids(call.getArgument(0)));
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
    void eachClaimedCommandIsSplitAsAMessageNamingItsTargetSystemInAHeader() {
        var camel = new org.apache.camel.impl.DefaultCamelContext();
        var exchange = new org.apache.camel.support.DefaultExchange(camel);
        OutboxCommand note = workNote(7L, 1);
        OutboxCommand jira = new OutboxCommand(8L, "k8", SourceSystem.JIRA, "JiraMoveToSprint", "item-8",
                new ObjectMapper().valueToTree(new JiraMoveToSprint("item-8", "APP-8", "101")), OutboxStatus.IN_FLIGHT,
                1, NOW, null, NOW, null);
        exchange.getMessage().setBody(List.of(note, jira));

        List<org.apache.camel.Message> messages = dispatcher.messages(exchange);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getBody()).isSameAs(note);
        assertThat(messages.get(0).getHeader(OutboxDispatcher.TARGET_SYSTEM)).isEqualTo("SERVICENOW");
        assertThat(messages.get(1).getBody()).isSameAs(jira);
        assertThat(messages.get(1).getHeader(OutboxDispatcher.TARGET_SYSTEM)).isEqualTo("JIRA");
    }

    @Test
    void commandForAPausedSystemIsPutBackUntriedUntilThePauseEnds() {
        gates.of(SourceSystem.SERVICENOW).pauseUntil(NOW.plusSeconds(40));

        dispatcher.execute(workNote(3));

        verify(writer, never()).execute(any(), any(WriteAttempt.class));
        verify(outbox).markHeldBack(command(7L), contains("servicenow asked to wait"), eq(NOW.plusSeconds(40)));
        verify(outbox, never()).markDone(anyList());
    }

    @Test
    void commandIsAppliedOnceThePauseHasEnded() {
        gates.of(SourceSystem.SERVICENOW).pauseUntil(NOW.plusSeconds(40));
        clock.advance(Duration.ofSeconds(40));

        dispatcher.execute(workNote(1));
        dispatcher.settle();

        verify(writer).execute(any(ServiceNowJournalEntry.class), argThat((WriteAttempt a) -> a.number() == 1
                && a.marker().equals("outbox:7")));
        verify(outbox).markDone(settles(7L));
    }

    @Test
    void appliedCommandsAreMarkedDoneTogetherWhenTheNextBatchIsClaimed() {
        dispatcher.execute(workNote(7L, 1));
        dispatcher.execute(workNote(8L, 1));
        verify(outbox, never()).markDone(anyList());

        dispatcher.claim(null);

        verify(outbox).markDone(settles(7L, 8L));
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

        // alone, 7 is marked done with its bookkeeping; 8's mark is in the transaction its bookkeeping rolled back
        verify(outbox).markDone(settles(7L));
        verify(outbox, never()).markFailed(command(7L), any(), any());
        verify(outbox).markFailed(command(8L), contains("bookkeeping refused"), eq(NOW.plus(Duration.ofSeconds(2))));
    }

    @Test
    void callHeldBackMidCommandWaitsUntilTheRemoteSaidInsteadOfTheBackoff() {
        dispatcher.failed(workNote(1), new RemoteCallHeldBack(SourceSystem.SERVICENOW, "PATCH", NOW.plusSeconds(90),
                "held back"));

        verify(outbox).markFailed(command(7L), contains("held back"), eq(NOW.plusSeconds(90)));
    }

    @Test
    void lastAttemptThatFailsGoesToTheDeadLetters() {
        dispatcher.failed(workNote(3), new RemoteWriteException(SourceSystem.SERVICENOW, "PATCH", 502, false, null,
                "bad gateway"));

        verify(outbox).markDead(command(7L), contains("502"));
        assertThat(properties.maxAttempts()).isEqualTo(3);
    }

    @Test
    void settleOfAClaimTakenOverMeanwhileIsRefusedAndItsBookkeepingIsNotRun() {
        List<WriteCommand> bookkept = new java.util.ArrayList<>();
        OutboxDispatcher withListener = new OutboxDispatcher(outbox, List.of(writer),
                List.of((command, result) -> bookkept.add(command)), mock(AuditLogRepository.class),
                new JiraIssueKeys(mock(SyncLinkRepository.class)),
                new TransactionTemplate(mock(PlatformTransactionManager.class)), properties, gates, clock);
        when(outbox.markDone(anyList())).thenReturn(java.util.Set.of(8L));
        withListener.execute(workNote(7L, 1));
        withListener.execute(workNote(8L, 1));

        withListener.settle();

        assertThat(bookkept).extracting(command -> ((ServiceNowJournalEntry) command).sysId()).containsExactly("sys-8");
        verify(outbox, never()).markFailed(any(OutboxCommand.class), any(), any());
    }

    @Test
    void failureOfAClaimTakenOverMeanwhileIsNotDeadLettered() {
        AuditLogRepository audit = mock(AuditLogRepository.class);
        OutboxDispatcher withAudit = new OutboxDispatcher(outbox, List.of(writer), List.of(), audit,
                new JiraIssueKeys(mock(SyncLinkRepository.class)),
                new TransactionTemplate(mock(PlatformTransactionManager.class)), properties, gates, clock);
        when(outbox.markDead(any(OutboxCommand.class), any())).thenReturn(false);

        withAudit.failed(workNote(3), new RemoteWriteException(SourceSystem.SERVICENOW, "PATCH", 502, false, null,
                "bad gateway"));

        verify(outbox).markDead(command(7L), contains("502"));
        verify(audit, never()).record(any(), any(), any(), any());
    }

    @Test
    void claimerPastHalfItsLeaseAsksTheOutboxAndGivesUpAWriteItsClaimNoLongerHolds() {
        when(writer.execute(any(), any(WriteAttempt.class))).thenAnswer(call -> {
            call.<WriteAttempt>getArgument(1).confirmClaim("work_notes on incident sys-7");
            return WriteResult.done();
        });
        when(outbox.claimBatch(anyInt())).thenReturn(List.of());
        dispatcher.claim(null);
        clock.advance(Duration.ofMinutes(2));

        dispatcher.execute(workNote(1));
        verify(outbox, never()).holdsClaim(any(), any());

        clock.advance(Duration.ofMinutes(1));
        when(outbox.holdsClaim(any(), any())).thenReturn(false);
        dispatcher.execute(workNote(8L, 1));
        dispatcher.settle();

        verify(outbox).holdsClaim(command(8L), eq(Instant.parse("2026-03-01T09:58:00Z")));

        verify(outbox).markDone(settles(7L));
        verify(outbox, never()).markDone(settles(8L));
        verify(outbox, never()).markFailed(command(8L), any(), any());
    }

    private static List<OutboxRepository.Settle> settles(Long... ids) {
        return argThat(list -> list != null && list.stream().map(s -> s.claimed().id()).toList().equals(List.of(ids)));
    }

    private static OutboxCommand command(long id) {
        return argThat(command -> command != null && command.id() == id);
    }

    private static java.util.Set<Long> ids(List<OutboxRepository.Settle> settles) {
        return settles.stream().map(s -> s.claimed().id()).collect(java.util.stream.Collectors.toSet());
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
