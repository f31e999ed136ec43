package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.BackfillJobRepository;
import io.scrumops.bridge.store.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Two BackfillJobs on one database stand for the bridge before and after a restart. */
class BackfillJobsTest {

    private static final Duration STALE_AFTER = Duration.ofMinutes(2);
    private final BackfillJobRepository repository = new BackfillJobRepository(TestDatabase.dataSource());
    private final ServiceNowPoller serviceNow = mock(ServiceNowPoller.class);

    @BeforeEach
    void setUp() {
        TestDatabase.truncate("backfill_job");
        when(serviceNow.isEnabled()).thenReturn(true);
    }

    @Test
    void finishedJobIsReadAfterARestartWithItsProgress() {
        doAnswer(call -> {
            BackfillProgress progress = call.getArgument(2);
            progress.page(1, 2);
            progress.record(new InboundFeed.Receipt(InboundFeed.Outcome.ACCEPTED, 1L));
            progress.record(new InboundFeed.Receipt(InboundFeed.Outcome.DUPLICATE, 2L));
            progress.page(2, 3);
            progress.record(new InboundFeed.Receipt(InboundFeed.Outcome.ACCEPTED, 3L));
            return null;
        }).when(serviceNow).backfill(eq("grp-ops"), isNull(), any());
        BackfillJobs before = jobs(Clock.systemUTC());

        String id = before.start(InboundSource.SERVICENOW, "grp-ops").id();
        await().atMost(Duration.ofSeconds(10)).until(() -> before.find(id).orElseThrow().state()
                == BackfillJobs.State.DONE);

        BackfillJobs.Status after = jobs(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).find(id).orElseThrow();
        assertThat(after.state()).isEqualTo(BackfillJobs.State.DONE);
        assertThat(after.source()).isEqualTo("servicenow");
        assertThat(after.scope()).isEqualTo("grp-ops");
        assertThat(after.pages()).isEqualTo(2);
        assertThat(after.records()).isEqualTo(3);
        assertThat(after.accepted()).isEqualTo(2);
        assertThat(after.duplicates()).isEqualTo(1);
        assertThat(after.startedAt()).isNotNull();
        assertThat(after.finishedAt()).isAfterOrEqualTo(after.startedAt());
        assertThat(after.error()).isNull();
    }

    @Test
    void jobInterruptedByARestartIsMarkedSoWithTheProgressItHadMade() throws Exception {
        CountDownLatch processEnds = new CountDownLatch(1);
        doAnswer(call -> {
            BackfillProgress progress = call.getArgument(2);
            progress.record(new InboundFeed.Receipt(InboundFeed.Outcome.ACCEPTED, 1L));
            progress.page(1, 1);
            processEnds.await(30, TimeUnit.SECONDS);
            return null;
        }).when(serviceNow).backfill(eq("grp-ops"), isNull(), any());
        BackfillJobs before = jobs(Clock.systemUTC());
        String id = before.start(InboundSource.SERVICENOW, "grp-ops").id();
        await().atMost(Duration.ofSeconds(10)).until(() -> before.find(id).orElseThrow().pages() == 1);

        BackfillJobs soonAfter = jobs(Clock.offset(Clock.systemUTC(), STALE_AFTER.dividedBy(2)));
        assertThat(soonAfter.find(id).orElseThrow().state()).as("not stale yet").isEqualTo(BackfillJobs.State.RUNNING);
        BackfillJobs after = jobs(Clock.offset(Clock.systemUTC(), STALE_AFTER.plusSeconds(30)));
        BackfillJobs.Status interrupted = after.find(id).orElseThrow();

        assertThat(interrupted.state()).isEqualTo(BackfillJobs.State.INTERRUPTED);
        assertThat(interrupted.pages()).isEqualTo(1);
        assertThat(interrupted.accepted()).isEqualTo(1);
        assertThat(interrupted.finishedAt()).isNotNull();
        assertThat(interrupted.error()).contains("interrupted").contains("/api/backfill/" + id + "/resume");
        processEnds.countDown();
    }

    private BackfillJobs jobs(Clock clock) {
        return new BackfillJobs(mock(JiraReconciler.class), serviceNow, repository, STALE_AFTER, clock);
    }
}
