package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A poll batch stored as one {@link StoreBatch}: read ahead, rows held back, and every read inside still exact. */
class StoreBatchTest {

    private static final Instant T = Instant.parse("2026-05-01T08:00:00Z");

    private final DataSource dataSource = TestDatabase.dataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    private final SyncLinkRepository links = new SyncLinkRepository(dataSource);
    private final FieldSyncRepository fieldSyncs = new FieldSyncRepository(dataSource);
    private final StatusChangeRepository statusChanges = new StatusChangeRepository(dataSource);
    private final WorkItemRepository workItems = new WorkItemRepository(dataSource);
    private final AuditLogRepository audit = new AuditLogRepository(dataSource);
    private final IncidentCauseRepository causes = new IncidentCauseRepository(dataSource);
    private final OutboxRepository outbox = new OutboxRepository(dataSource);
    private final SprintRepository sprints = new SprintRepository(dataSource);

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("sync_link", "field_sync", "status_change", "work_item", "audit_log", "incident_cause",
                "outbox", "sprint");
    }

    private <T> T inBatch(Supplier<T> work) {
        return transaction.execute(status -> StoreBatch.within(work));
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    void rowsHeldBackAreWrittenWhenTheBatchEnds() {
        long seenInside = inBatch(() -> {
            fieldSyncs.save(new FieldSync("p1", "status", "h1", "NEW", SourceSystem.SERVICENOW, T, null, null));
            fieldSyncs.save(new FieldSync("p1", "summary", "h2", "Disk full", SourceSystem.SERVICENOW, T, null, null));
            fieldSyncs.save(new FieldSync("p1", "status", "h3", "IN_PROGRESS", SourceSystem.SERVICENOW, T, null, null));
            statusChanges.recordAll(List.of(change("i1", null, CanonicalStatus.NEW, T)));
            audit.record("bridge", "alignment.pairing", "p1", Map.of("story", "OPS-1"));
            return count("field_sync") + count("status_change") + count("audit_log");
        });

        assertThat(seenInside).isZero();
        assertThat(count("field_sync")).isEqualTo(2);
        assertThat(fieldSyncs.find("p1", "status").orElseThrow().value()).isEqualTo("IN_PROGRESS");
        assertThat(statusChanges.findByWorkItem("i1")).extracting(StatusChange::to).containsExactly(CanonicalStatus.NEW);
        assertThat(audit.findByEntity("p1")).extracting(AuditEntry::action).containsExactly("alignment.pairing");
    }

    @Test
    void aReadInsideTheBatchSeesWhatTheRecordsBeforeItWrote() {
        inBatch(() -> {
            fieldSyncs.save(new FieldSync("p1", "status", "h1", "NEW", SourceSystem.SERVICENOW, T, null, null));
            assertThat(fieldSyncs.findByPair("p1")).extracting(FieldSync::value).containsExactly("NEW");
            statusChanges.recordAll(List.of(change("i1", null, CanonicalStatus.NEW, T)));
            statusChanges.recordAll(List.of(change("i1", CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS,
                    T.plusSeconds(60))));
            assertThat(statusChanges.findByWorkItem("i1")).extracting(StatusChange::to)
                    .containsExactly(CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS);
            audit.record("bridge", "alignment.not-paired", "i1", Map.of());
            assertThat(audit.findByEntity("i1")).hasSize(1);
            SyncLink link = SyncLink.of("w1", SourceSystem.JIRA, "10011", "OPS-11", null);
            links.save(link);
            assertThat(links.findByWorkItem("w1", SourceSystem.JIRA)).contains(link);
            return null;
        });
    }

    @Test
    void linksReadAheadAnswerForTheBatchAndFollowItsOwnSaves() {
        SyncLink stored = SyncLink.of("w1", SourceSystem.JIRA, "10011", "OPS-11", null);
        links.save(stored);

        inBatch(() -> {
            links.prefetch(SourceSystem.JIRA, List.of("10011", "10012"));
            // another instance removes the link meanwhile: the batch answers from what it read ahead
            jdbc.update("delete from sync_link where native_id = '10011'");
            assertThat(links.findByNative(SourceSystem.JIRA, "10011")).contains(stored);
            assertThat(links.findByNative(SourceSystem.JIRA, "10012")).isEmpty();
            SyncLink created = SyncLink.of("w2", SourceSystem.JIRA, "10012", "OPS-12", null);
            links.save(created);
            assertThat(links.findByNative(SourceSystem.JIRA, "10012")).contains(created);
            return null;
        });
        assertThat(links.findByNative(SourceSystem.JIRA, "10012")).isPresent();
    }

    @Test
    void latestStatusIsTheLastOfTheHistoryByTimeWithAndWithoutReadAhead() {
        statusChanges.record(change("i1", CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS, T.plusSeconds(60)));
        statusChanges.record(change("i1", null, CanonicalStatus.NEW, T));

        inBatch(() -> {
            statusChanges.prefetchLatest(List.of("i1", "i2"));
            assertThat(statusChanges.latestStatus("i1")).contains(CanonicalStatus.IN_PROGRESS);
            assertThat(statusChanges.latestStatus("i2")).isEmpty();
            statusChanges.recordAll(List.of(change("i1", CanonicalStatus.IN_PROGRESS, CanonicalStatus.RESOLVED,
                    T.plusSeconds(120))));
            statusChanges.recordAll(List.of(change("i2", null, CanonicalStatus.NEW, T)));
            assertThat(statusChanges.latestStatus("i1")).contains(CanonicalStatus.RESOLVED);
            assertThat(statusChanges.latestStatus("i2")).contains(CanonicalStatus.NEW);
            return null;
        });
        assertThat(statusChanges.latestStatus("i1")).contains(CanonicalStatus.RESOLVED);
    }

    @Test
    void workItemsReadAheadFollowTheBatchsUpserts() {
        WorkItem item = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");

        inBatch(() -> {
            workItems.prefetch(List.of(item.id()));
            assertThat(workItems.findById(item.id())).isEmpty();
            assertThat(workItems.exists(item.id())).isFalse();
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.INSERTED);
            assertThat(workItems.findById(item.id())).contains(item);
            assertThat(workItems.exists(item.id())).isTrue();
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.UNCHANGED);
            assertThat(workItems.findById(item.id())).contains(item);
            return null;
        });
        assertThat(workItems.findById(item.id())).contains(item);
    }

    @Test
    void workItemUpsertsReadAheadAreHeldAndAnyOtherStatementFindsThemWritten() {
        WorkItem first = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");
        WorkItem second = ModelFixtures.workItem(WorkItemKind.DEFECT, "10012", "OPS-12");

        inBatch(() -> {
            workItems.prefetch(List.of(first.id(), second.id()));
            assertThat(workItems.upsert(first)).isEqualTo(UpsertOutcome.INSERTED);
            assertThat(workItems.upsert(second)).isEqualTo(UpsertOutcome.INSERTED);
            assertThat(workItems.findById(second.id())).contains(second);
            assertThat(StoreBatch.isDeferred(WorkItemRepository.HELD)).isTrue();
            // a plain query on the batch's connection (any statement at all) finds both written before it runs
            assertThat(jdbc.queryForList("select source_key from work_item order by id", String.class))
                    .containsExactly("OPS-11", "OPS-12");
            assertThat(StoreBatch.isDeferred(WorkItemRepository.HELD)).isFalse();
            return null;
        });
        assertThat(workItems.findById(first.id())).contains(first);
        assertThat(workItems.findById(second.id())).contains(second);
    }

    @Test
    void anItemTwiceInABatchKeepsTheGuardsOrderAndIsWrittenOnce() {
        WorkItem item = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");
        WorkItem newer = withSource(item, 4, item.source().updatedAt().plusSeconds(60), "newer title");
        WorkItem older = withSource(item, 2, item.source().updatedAt().minusSeconds(60), "older title");

        inBatch(() -> {
            workItems.prefetch(List.of(item.id()));
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.INSERTED);
            assertThat(workItems.upsert(newer)).isEqualTo(UpsertOutcome.UPDATED);
            assertThat(workItems.upsert(older)).isEqualTo(UpsertOutcome.STALE);
            assertThat(workItems.upsert(newer)).isEqualTo(UpsertOutcome.UNCHANGED);
            assertThat(workItems.findById(item.id())).contains(newer);
            return null;
        });
        assertThat(workItems.findById(item.id())).contains(newer);
    }

    @Test
    void aStoredItemReadAheadIsUpdatedOnlyByANewerVersionAndAnEqualTimeComparesVersions() {
        WorkItem item = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");
        workItems.upsert(item);
        // the fixture's time has nanoseconds, which timestamptz rounds: the same time, a higher version, is newer
        WorkItem sameTimeHigherVersion = withSource(item, 4, item.source().updatedAt(), "version 4");
        WorkItem older = withSource(item, 9, item.source().updatedAt().minusMillis(1), "older");

        inBatch(() -> {
            workItems.prefetch(List.of(item.id()));
            assertThat(workItems.upsert(older)).isEqualTo(UpsertOutcome.STALE);
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.UNCHANGED);
            assertThat(workItems.upsert(sameTimeHigherVersion)).isEqualTo(UpsertOutcome.UPDATED);
            return null;
        });
        assertThat(workItems.findById(item.id())).contains(sameTimeHigherVersion);
    }

    @Test
    void anItemAnotherWriterStoredAfterTheReadAheadFailsTheBatch() {
        WorkItem item = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");
        WorkItem newer = withSource(item, 4, item.source().updatedAt().plusSeconds(60), "stored meanwhile");

        assertThatThrownBy(() -> inBatch(() -> {
            workItems.prefetch(List.of(item.id()));
            // another instance stores a newer version, committed, before this batch writes its own
            CompletableFuture.runAsync(() -> workItems.upsert(newer)).join();
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.INSERTED);
            return null;
        })).isInstanceOf(ConcurrentlyStoredException.class);

        assertThat(workItems.findById(item.id())).contains(newer);
    }

    @Test
    void anUnchangedItemStoredNewerMeanwhileIsNoWriteAsTheBatchSaid() {
        WorkItem item = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");
        workItems.upsert(item);
        WorkItem newer = withSource(item, 4, item.source().updatedAt().plusSeconds(60), "stored meanwhile");

        inBatch(() -> {
            workItems.prefetch(List.of(item.id()));
            CompletableFuture.runAsync(() -> workItems.upsert(newer)).join();
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.UNCHANGED);
            return null;
        });
        assertThat(workItems.findById(item.id())).contains(newer);
    }

    /**
     * The batch decides an upsert's outcome in Java from what it read ahead ({@code WorkItemRepository.outcome}), the
     * statement alone decides it in SQL ({@link GuardedUpsert#guard}): both must say the same for every order of
     * source times (a missing one, equal ones down to the microsecond PostgreSQL keeps, earlier, later), versions and
     * payloads (the payload holds the source time and version, so only a redelivery of the stored version is the same), or a batch would report a write the statement refused (it then fails and goes record by record).
     */
    @ParameterizedTest(name = "stored {0} v3, incoming {1} v{2} {3}: {4}")
    @CsvSource({
            "T,    T+60s,    3, changed,   UPDATED",
            "T,    T-60s,    9, changed,   STALE",
            "T,    T,        4, changed,   UPDATED",
            "T,    T,        3, changed,   UPDATED",
            "T,    T,        2, changed,   STALE",
            "T,    T+400ns,  2, changed,   STALE",
            "T,    T+1us,    2, changed,   UPDATED",
            "T,    none,     9, changed,   STALE",
            "T,    T,        3, same,      UNCHANGED",
            "none, T,        1, changed,   UPDATED",
            "none, none,     3, changed,   UPDATED",
            "none, none,     2, changed,   STALE",
            "none, none,     3, same,      UNCHANGED"})
    void theBatchDecidesEveryUpsertAsTheGuardedStatementDoes(String storedAt, String incomingAt, long version,
                                                             String payload, UpsertOutcome expected) {
        WorkItem base = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");
        WorkItem stored = withSource(base, 3, at(storedAt), "as stored");
        WorkItem incoming = withSource(base, version, at(incomingAt), payload.equals("same") ? "as stored" : "edited");
        WorkItem expectedRow = expected == UpsertOutcome.UPDATED ? incoming : stored;

        workItems.upsert(stored);
        assertThat(workItems.upsert(incoming)).as("the statement alone").isEqualTo(expected);
        assertThat(workItems.findById(base.id())).contains(expectedRow);

        TestDatabase.truncate("work_item", "status_change");
        workItems.upsert(stored);
        assertThat(inBatch(() -> {
            workItems.prefetch(List.of(base.id()));
            return workItems.upsert(incoming);
        })).as("the batch, from what it read ahead").isEqualTo(expected);
        assertThat(workItems.findById(base.id())).contains(expectedRow);
    }

    private static Instant at(String when) {
        return switch (when) {
            case "none" -> null;
            case "T" -> T;
            case "T+60s" -> T.plusSeconds(60);
            case "T-60s" -> T.minusSeconds(60);
            case "T+400ns" -> T.plusNanos(400);
            case "T+1us" -> T.plusNanos(1_000);
            default -> throw new IllegalArgumentException(when);
        };
    }

    @Test
    void anItemNotReadAheadIsUpsertedAtOnce() {
        WorkItem item = ModelFixtures.workItem(WorkItemKind.STORY, "10011", "OPS-11");

        inBatch(() -> {
            assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.INSERTED);
            assertThat(StoreBatch.isDeferred(WorkItemRepository.HELD)).isFalse();
            assertThat(jdbc.queryForObject("select count(*) from work_item", Long.class)).isEqualTo(1);
            return null;
        });
        assertThat(workItems.findById(item.id())).contains(item);
    }

    @Test
    void aCauseReadAheadAsAbsentIsNotDeletedButOneRecordedInTheBatchIs() {
        inBatch(() -> {
            causes.prefetch(List.of("servicenow:incident:1"));
            causes.forget("servicenow:incident:1", "SERVICENOW");
            causes.record(new io.scrumops.bridge.model.IncidentCause("servicenow:incident:1", null, "PRB0001",
                    "SERVICENOW_CAUSED_BY"));
            causes.forget("servicenow:incident:1", "SERVICENOW");
            return null;
        });
        assertThat(count("incident_cause")).isZero();
    }

    @Test
    void aRowRefusedWhenTheBatchEndsFailsTheWholeBatch() {
        assertThatThrownBy(() -> inBatch(() -> {
            statusChanges.recordAll(List.of(change("i1", null, CanonicalStatus.NEW, T)));
            links.save(SyncLink.of("w1", SourceSystem.JIRA, "10011", "OPS-11", null));
            // a second Jira counterpart of one item: refused by the schema
            links.save(SyncLink.of("w1", SourceSystem.JIRA, "10012", "OPS-12", null));
            return null;
        })).isInstanceOf(DuplicateKeyException.class);

        assertThat(count("sync_link")).isZero();
        assertThat(count("status_change")).isZero();
    }

    @Test
    void commandsHeldBackKeepTheOrderOfTheCallsAndTheFirstOfAKeyIsQueued() {
        inBatch(() -> {
            outbox.add("pair:p1:create", SourceSystem.JIRA, "JiraCreateIssue", "p1", Map.of("n", 1));
            outbox.add("pair:p1:create", SourceSystem.JIRA, "JiraCreateIssue", "p1", Map.of("n", 2));
            // a caller that asks whether its command is new gets it queued after the ones held before it
            assertThat(outbox.enqueue("pair:p1:comment", SourceSystem.JIRA, "JiraComment", "p1", Map.of("n", 3)))
                    .isPresent();
            outbox.add("pair:p1:remote-link", SourceSystem.JIRA, "JiraRemoteLink", "p1", Map.of("n", 4));
            return null;
        });

        assertThat(jdbc.queryForList("select idempotency_key from outbox order by id", String.class))
                .containsExactly("pair:p1:create", "pair:p1:comment", "pair:p1:remote-link");
        assertThat(outbox.findByIdempotencyKey("pair:p1:create").orElseThrow().payload().path("n").asInt())
                .isEqualTo(1);
    }

    @Test
    void aTeamsSprintsAreReadOncePerBatchAndAgainAfterASprintIsStored() {
        io.scrumops.bridge.model.Sprint sprint = ModelFixtures.sprint();
        sprints.upsert(sprint);

        inBatch(() -> {
            assertThat(sprints.findByTeamAndState(sprint.team(), sprint.state())).containsExactly(sprint);
            // removed behind the batch's back: the batch keeps the answer it read
            jdbc.update("delete from sprint");
            assertThat(sprints.findByTeamAndState(sprint.team(), sprint.state())).containsExactly(sprint);
            // a sprint stored by the batch itself is seen
            sprints.upsert(sprint);
            assertThat(sprints.findByTeamAndState(sprint.team(), sprint.state())).containsExactly(sprint);
            jdbc.update("delete from sprint");
            return null;
        });
        assertThat(sprints.findByTeamAndState(sprint.team(), sprint.state())).isEmpty();
    }

    @Test
    void withoutABatchEveryWriteIsAtOnce() {
        fieldSyncs.save(new FieldSync("p1", "status", "h1", "NEW", SourceSystem.SERVICENOW, T, null, null));
        statusChanges.recordAll(List.of(change("i1", null, CanonicalStatus.NEW, T)));
        long id = audit.record("bridge", "alignment.pairing", "p1", Map.of());

        assertThat(count("field_sync")).isEqualTo(1);
        assertThat(count("status_change")).isEqualTo(1);
        assertThat(id).isPositive();
    }

    private static WorkItem withSource(WorkItem item, long version, Instant updatedAt, String title) {
        io.scrumops.bridge.model.SourceRef s = item.source();
        io.scrumops.bridge.model.SourceRef source = new io.scrumops.bridge.model.SourceRef(s.system(), s.entity(),
                s.nativeId(), s.key(), s.url(), version, updatedAt);
        return new WorkItem(item.id(), item.kind(), source, title, item.description(), item.status(),
                item.sourceStatus(), item.severity(), item.sourcePriority(), item.flowType(), item.assignee(),
                item.assignmentGroup(), item.team(), item.parentId(), item.sprintId(), item.labels(),
                item.createdAt(), item.updatedAt(), item.resolvedAt(), item.story(), item.workPackage());
    }

    private static StatusChange change(String item, CanonicalStatus from, CanonicalStatus to, Instant at) {
        return new StatusChange(item, from, to, null, null, at, null);
    }
}
