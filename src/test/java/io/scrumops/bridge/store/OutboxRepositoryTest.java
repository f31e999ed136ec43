package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.model.SourceSystem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxRepositoryTest {

    private final DataSource dataSource = TestDatabase.dataSource();
    private final OutboxRepository outbox = new OutboxRepository(dataSource);

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("outbox");
    }

    @Test
    void sameIdempotencyKeyIsEnqueuedOnce() {
        Optional<Long> first = enqueue("comment:jira:OPS-1:c1", "jira:issue:1");

        Optional<Long> second = enqueue("comment:jira:OPS-1:c1", "jira:issue:1");

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(outbox.claimBatch(10)).extracting(OutboxCommand::id).containsExactly(first.get());
    }

    @Test
    void claimedCommandCarriesItsPayload() {
        enqueue("transition:jira:OPS-1:done", "jira:issue:1");

        OutboxCommand command = outbox.claimBatch(1).get(0);

        assertThat(command.status()).isEqualTo(OutboxStatus.IN_FLIGHT);
        assertThat(command.attempts()).isEqualTo(1);
        assertThat(command.targetSystem()).isEqualTo(SourceSystem.JIRA);
        assertThat(command.commandType()).isEqualTo("TRANSITION");
        assertThat(command.payloadAs(Map.class)).containsEntry("target", "DONE");
    }

    @Test
    void commandHeldBackUntriedGetsItsAttemptBackAndIsDueWhenThePauseEnds() {
        enqueue("transition:jira:OPS-1:done", "jira:issue:1");
        OutboxCommand claimed = outbox.claimBatch(1).get(0);
        Instant until = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        assertThat(outbox.markHeldBack(claimed, "held back: jira asked to wait", until)).isTrue();

        OutboxCommand held = outbox.findById(claimed.id()).orElseThrow();
        assertThat(held.status()).isEqualTo(OutboxStatus.FAILED);
        assertThat(held.attempts()).isZero();
        assertThat(held.nextAttemptAt()).isEqualTo(until);
        assertThat(outbox.claimBatch(10)).isEmpty();
        assertThat(outbox.markHeldBack(claimed, "not in flight any more", until)).isFalse();
    }

    @Test
    void claimerInsideAnOpenTransactionDoesNotShareOrBlockCommands() throws Exception {
        for (int i = 0; i < 6; i++) {
            enqueue("k" + i, "jira:issue:" + i);
        }
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<OutboxCommand>> first = pool.submit(() -> transaction.execute(status -> {
                List<OutboxCommand> claimed = outbox.claimBatch(3);
                firstClaimed.countDown();
                await(firstMayCommit);
                return claimed;
            }));
            assertThat(firstClaimed.await(10, TimeUnit.SECONDS)).isTrue();

            // the first claimer still holds its row locks; a plain FOR UPDATE would wait here until it commits
            List<OutboxCommand> second = pool.submit(() -> outbox.claimBatch(10)).get(5, TimeUnit.SECONDS);
            firstMayCommit.countDown();

            assertThat(second).hasSize(3);
            assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(3)
                    .extracting(OutboxCommand::id)
                    .doesNotContainAnyElementsOf(second.stream().map(OutboxCommand::id).toList());
        } finally {
            firstMayCommit.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentClaimersNeverGetTheSameCommand() throws Exception {
        for (int i = 0; i < 200; i++) {
            enqueue("bulk-" + i, "jira:issue:" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                claimers.add(pool.submit(() -> {
                    List<OutboxCommand> batch;
                    while (!(batch = outbox.claimBatch(7)).isEmpty()) {
                        batch.forEach(command -> claimed.add(command.id()));
                    }
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(claimed).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void burstQueuedAfterTheTableWasAnalysedIsClaimedOldestFirstOneCommandPerItemUpToTheBatchSize() {
        new org.springframework.jdbc.core.JdbcTemplate(dataSource).execute("analyze outbox");
        List<Long> fields = new ArrayList<>();
        List<Long> sprints = new ArrayList<>();
        List<Long> incidents = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            fields.add(enqueue("burst:fields:" + n, "wb-" + n).orElseThrow());
            sprints.add(enqueue("burst:sprint:" + n, "wb-" + n).orElseThrow());
            incidents.add(enqueue("burst:incident:" + n, "wb-inc-" + n).orElseThrow());
        }

        List<OutboxCommand> first = outbox.claimBatch(6);
        outbox.markDone(first.stream().map(c -> new OutboxRepository.Settle(c, null, null)).toList());
        List<OutboxCommand> second = outbox.claimBatch(6);

        assertThat(first).extracting(OutboxCommand::id).containsExactly(fields.get(0), incidents.get(0), fields.get(1),
                incidents.get(1), fields.get(2), incidents.get(2));
        assertThat(second).extracting(OutboxCommand::id).containsExactly(sprints.get(0), sprints.get(1),
                sprints.get(2), fields.get(3), incidents.get(3), fields.get(4));
    }

    /**
     * Statistics taken between two bursts (no command open) once made the planner read the whole open-command index
     * for every candidate (about 12,000 buffers for this claim); the probe per candidate reads about 2,000, nearly all
     * of them the claim's own row and index updates.
     */
    @Test
    void claimProbesEachCandidatesWorkItemWhenStatisticsWereTakenWithNothingOpen() {
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        jdbc.update("""
                insert into outbox (idempotency_key, target_system, command_type, aggregate_id, payload, status)
                select 'old:' || g || ':' || k, 'JIRA', 'TRANSITION', 'item-' || g, '{}', 'DONE'
                from generate_series(1, 10000) g, generate_series(1, 3) k""");
        jdbc.execute("analyze outbox");
        jdbc.update("""
                insert into outbox (idempotency_key, target_system, command_type, aggregate_id, payload)
                select 'burst:' || g || ':' || k, 'JIRA', 'TRANSITION', case when k = 3 then 'inc-' || g else 'item-' || g end,
                       '{}'
                from generate_series(1, 2000) g, generate_series(1, 3) k order by g, k""");
        jdbc.update("update outbox set status = 'DONE' where id in (select id from outbox where status = 'PENDING'"
                + " order by id limit 2500)");
        jdbc.update("update outbox set status = 'IN_FLIGHT' where id in (select id from outbox where status = 'PENDING'"
                + " order by id limit 50)");

        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        long buffers = transaction.execute(status -> {
            status.setRollbackOnly();
            return readSharedHits(jdbc.queryForObject(
                    "explain (analyze, buffers, format json) select id from outbox_claim(50)", String.class));
        });

        assertThat(buffers).isBetween(1L, 5_000L);
    }

    private static long readSharedHits(String plan) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan).path(0).path("Plan")
                    .path("Shared Hit Blocks").asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void commandsOfOneWorkItemAreHandedOutOneAtATimeInOrder() {
        long first = enqueue("a1", "jira:issue:1").orElseThrow();
        long second = enqueue("a2", "jira:issue:1").orElseThrow();
        long other = enqueue("b1", "jira:issue:2").orElseThrow();

        List<OutboxCommand> claimed = outbox.claimBatch(10);
        assertThat(claimed).extracting(OutboxCommand::id).containsExactly(first, other);
        assertThat(outbox.claimBatch(10)).isEmpty();

        outbox.markDone(claimed.get(0), null, null);
        assertThat(outbox.claimBatch(10)).extracting(OutboxCommand::id).containsExactly(second);
    }

    @Test
    void failedCommandWaitsForItsBackoff() {
        long id = enqueue("k", "jira:issue:1").orElseThrow();
        OutboxCommand claimed = outbox.claimBatch(1).get(0);

        outbox.markFailed(claimed, "HTTP 429 Retry-After 30", Instant.now().plusSeconds(30));

        assertThat(outbox.claimBatch(10)).isEmpty();
        OutboxCommand failed = outbox.findById(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("HTTP 429 Retry-After 30");

        outbox.markFailed(claimed, "HTTP 503", Instant.now().minusSeconds(1));
        assertThat(outbox.claimBatch(10)).extracting(OutboxCommand::attempts).containsExactly(2);
    }

    @Test
    void deadCommandIsListedUntilRequeued() {
        long id = enqueue("k", "jira:issue:1").orElseThrow();
        OutboxCommand claimed = outbox.claimBatch(1).get(0);

        outbox.markDead(claimed, "HTTP 400 field 'priority' is required");

        assertThat(outbox.listDead()).extracting(OutboxCommand::id).containsExactly(id);
        assertThat(outbox.claimBatch(10)).isEmpty();

        assertThat(outbox.requeue(id)).isTrue();
        assertThat(outbox.listDead()).isEmpty();
        assertThat(outbox.claimBatch(10)).extracting(OutboxCommand::id).containsExactly(id);
    }

    @Test
    void doneCommandIsNotClaimedAgain() {
        long id = enqueue("k", "jira:issue:1").orElseThrow();
        OutboxCommand claimed = outbox.claimBatch(1).get(0);

        outbox.markDone(claimed, null, null);

        assertThat(outbox.claimBatch(10)).isEmpty();
        assertThat(outbox.findById(id).orElseThrow().doneAt()).isNotNull();
    }

    @Test
    void commandOfACrashedClaimerIsReleased() {
        long id = enqueue("k", "jira:issue:1").orElseThrow();
        outbox.claimBatch(1);

        assertThat(outbox.releaseAbandoned(Instant.now().plusSeconds(1))).isEqualTo(1);

        assertThat(outbox.claimBatch(10)).extracting(OutboxCommand::id).containsExactly(id);
    }

    @Test
    void settleOfAClaimerWhoseLeaseRanOutIsRefusedAndTheTakerOversOutcomeStays() {
        long id = enqueue("create:jira:APP-7", "jira:issue:7").orElseThrow();
        OutboxCommand slow = outbox.claimBatch(1).get(0);
        // the slow claimer's lease runs out: another claimer gives the command back and claims it
        assertThat(outbox.releaseAbandoned(Instant.now().plusSeconds(1))).isEqualTo(1);
        OutboxCommand takerOver = outbox.claimBatch(1).get(0);
        assertThat(takerOver.id()).isEqualTo(id);
        assertThat(takerOver.claimToken()).isGreaterThan(slow.claimToken());
        assertThat(outbox.holdsClaim(slow, Instant.now().minusSeconds(300))).isFalse();
        assertThat(outbox.holdsClaim(takerOver, Instant.now().minusSeconds(300))).isTrue();

        // the slow claimer settles while the taker-over is still applying the command: refused
        assertThat(outbox.markDone(slow, "10043", "APP-43")).isFalse();
        assertThat(outbox.findById(id).orElseThrow().status()).isEqualTo(OutboxStatus.IN_FLIGHT);
        assertThat(outbox.markDone(takerOver, "10042", "APP-42")).isTrue();
        // and once the taker-over has settled: refused again, whatever the outcome it reports
        assertThat(outbox.markDone(slow, "10043", "APP-43")).isFalse();
        assertThat(outbox.markFailed(slow, "timed out", Instant.now())).isFalse();
        assertThat(outbox.markDead(slow, "timed out")).isFalse();
        assertThat(outbox.markHeldBack(slow, "held back", Instant.now())).isFalse();

        OutboxCommand settled = outbox.findById(id).orElseThrow();
        assertThat(settled.status()).isEqualTo(OutboxStatus.DONE);
        assertThat(settled.lastError()).isNull();
        assertThat(settled.attempts()).isEqualTo(2);
        assertThat(new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForMap(
                "select remote_id, remote_key from outbox where id = ?", id))
                .containsEntry("remote_id", "10042").containsEntry("remote_key", "APP-42");
        assertThat(outbox.claimBatch(10)).isEmpty();
    }

    @Test
    void staleFailureDoesNotRescheduleACommandTheTakerOverHoldsInFlight() {
        long id = enqueue("comment:jira:APP-8", "jira:issue:8").orElseThrow();
        OutboxCommand slow = outbox.claimBatch(1).get(0);
        outbox.releaseAbandoned(Instant.now().plusSeconds(1));
        OutboxCommand takerOver = outbox.claimBatch(1).get(0);

        assertThat(outbox.markFailed(slow, "timed out", Instant.now().minusSeconds(1))).isFalse();

        assertThat(outbox.findById(id).orElseThrow().status()).isEqualTo(OutboxStatus.IN_FLIGHT);
        assertThat(outbox.claimBatch(10)).as("not handed out a third time").isEmpty();
        assertThat(outbox.markFailed(takerOver, "HTTP 503", Instant.now().minusSeconds(1))).isTrue();
    }

    @Test
    void claimGivenBackButNotYetTakenMaySettleWithItsOwnToken() {
        long id = enqueue("note:servicenow:INC9", "servicenow:incident:9").orElseThrow();
        OutboxCommand slow = outbox.claimBatch(1).get(0);
        outbox.releaseAbandoned(Instant.now().plusSeconds(1));

        assertThat(outbox.holdsClaim(slow, Instant.now().minusSeconds(300))).as("not in flight").isFalse();
        assertThat(outbox.markDone(slow, null, null)).isTrue();
        assertThat(outbox.findById(id).orElseThrow().status()).isEqualTo(OutboxStatus.DONE);
    }

    private Optional<Long> enqueue(String key, String workItemId) {
        return outbox.enqueue(key, SourceSystem.JIRA, "TRANSITION", workItemId, Map.of("target", "DONE"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
