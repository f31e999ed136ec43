package io.scrumops.bridge.store;

import static io.scrumops.bridge.store.ModelFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class WorkItemRepositoryTest {

    private final WorkItemRepository workItems = new WorkItemRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("work_item");
    }

    @Test
    void anItemExistsOnceStored() {
        WorkItem item = version(1, T0, "title");
        assertThat(workItems.exists(item.id())).isFalse();

        workItems.upsert(item);

        assertThat(workItems.exists(item.id())).isTrue();
        assertThat(workItems.exists(item.id() + "-other")).isFalse();
    }

    @Test
    void olderSourceVersionNeverOverwritesNewer() {
        WorkItem newer = version(5, T0.plusSeconds(100), "newer title");
        WorkItem older = version(4, T0.plusSeconds(100), "older title");
        workItems.upsert(newer);

        assertThat(workItems.upsert(older)).isEqualTo(UpsertOutcome.STALE);

        assertThat(workItems.findById(newer.id())).contains(newer);
    }

    @Test
    void olderSourceTimeNeverOverwritesNewerEvenWithHigherVersion() {
        WorkItem newer = version(1, T0.plusSeconds(200), "newer title");
        WorkItem older = version(9, T0.plusSeconds(100), "older title");
        workItems.upsert(newer);

        assertThat(workItems.upsert(older)).isEqualTo(UpsertOutcome.STALE);

        assertThat(workItems.findById(newer.id())).contains(newer);
    }

    @Test
    void eventWithoutSourceTimeNeverOverwritesOneWithIt() {
        WorkItem timed = version(1, T0, "timed");
        workItems.upsert(timed);

        assertThat(workItems.upsert(version(7, null, "untimed"))).isEqualTo(UpsertOutcome.STALE);

        assertThat(workItems.findById(timed.id())).contains(timed);
    }

    @Test
    void newerSourceVersionReplacesStored() {
        workItems.upsert(version(4, T0.plusSeconds(100), "older title"));
        WorkItem newer = version(5, T0.plusSeconds(100), "newer title");

        assertThat(workItems.upsert(newer)).isEqualTo(UpsertOutcome.UPDATED);

        assertThat(workItems.findById(newer.id())).contains(newer);
    }

    @Test
    void redeliveryOfSameVersionIsUnchanged() {
        WorkItem item = version(3, T0, "title");
        workItems.upsert(item);
        Instant storedAt = storedAt(item.id());

        assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.UNCHANGED);

        assertThat(storedAt(item.id())).isEqualTo(storedAt);
        assertThat(workItems.findById(item.id())).contains(item);
    }

    @Test
    void sameVersionWithOtherContentIsApplied() {
        WorkItem item = version(3, T0, "title");
        workItems.upsert(item);
        WorkItem moved = item.withSprint("jira:sprint:8");

        assertThat(workItems.upsert(moved)).isEqualTo(UpsertOutcome.UPDATED);

        assertThat(workItems.findBySprint("jira:sprint:8")).containsExactly(moved);
    }

    @Test
    void concurrentDeliveriesLeaveTheNewestStored() throws Exception {
        List<WorkItem> deliveries = new ArrayList<>();
        for (int v = 40; v >= 1; v--) {
            deliveries.add(version(v, T0.plusSeconds(v), "title " + v));
        }
        List<Callable<UpsertOutcome>> tasks = deliveries.stream()
                .<Callable<UpsertOutcome>>map(item -> () -> workItems.upsert(item)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<UpsertOutcome> outcome : pool.invokeAll(tasks)) {
                outcome.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(workItems.findById(deliveries.get(0).id())).contains(deliveries.get(0));
    }

    @Test
    void findsByKindTeamSprintParentAndSourceKey() {
        WorkItem story = ModelFixtures.story();
        WorkItem workPackage = ModelFixtures.workPackage();
        WorkItem task = ModelFixtures.workItem(WorkItemKind.TASK, "10020", "OPS-20");
        workItems.upsert(story);
        workItems.upsert(workPackage);
        workItems.upsert(task);

        assertThat(workItems.findByKind(WorkItemKind.WORK_PACKAGE)).containsExactly(workPackage);
        assertThat(workItems.findByTeam("team-a")).containsExactlyInAnyOrder(story, task);
        assertThat(workItems.findBySprint("jira:sprint:7")).containsExactlyInAnyOrder(story, task);
        assertThat(workItems.findByParent("jira:issue:20001")).containsExactly(workPackage);
        assertThat(workItems.findBySourceKey(SourceSystem.SERVICENOW, "INC0010001")).contains(workPackage);
        assertThat(workItems.findBySourceKey(SourceSystem.JIRA, "INC0010001")).isEmpty();
    }

    @Test
    void unfinishedItemsOfASprintLeaveOutDoneOnes() {
        WorkItem open = ModelFixtures.workItem(WorkItemKind.TASK, "10021", "OPS-21");
        WorkItem done = ModelFixtures.workItem(WorkItemKind.TASK, "10022", "OPS-22")
                .withStatus(CanonicalStatus.DONE, T0.plusSeconds(500));
        workItems.upsert(open);
        workItems.upsert(done);

        assertThat(workItems.findUnfinishedInSprint("jira:sprint:7")).containsExactly(open);
    }

    private static WorkItem version(long version, Instant sourceUpdatedAt, String title) {
        WorkItem base = ModelFixtures.workItem(WorkItemKind.STORY, "10100", "OPS-100");
        SourceRef source = new SourceRef(SourceSystem.JIRA, "issue", "10100", "OPS-100", null, version,
                sourceUpdatedAt);
        return new WorkItem(base.id(), base.kind(), source, title, base.description(), base.status(),
                base.sourceStatus(), base.severity(), base.sourcePriority(), base.flowType(), base.assignee(),
                base.assignmentGroup(), base.team(), base.parentId(), base.sprintId(), base.labels(),
                base.createdAt(), sourceUpdatedAt, base.resolvedAt(), base.story(), base.workPackage());
    }

    private static Instant storedAt(String id) {
        return JdbcClient.create(TestDatabase.dataSource())
                .sql("select stored_at from work_item where id = :id").param("id", id)
                .query((rs, row) -> SqlTime.instant(rs, "stored_at")).single();
    }
}
