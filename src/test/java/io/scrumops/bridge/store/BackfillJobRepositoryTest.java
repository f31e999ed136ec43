package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackfillJobRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final BackfillJobRepository jobs = new BackfillJobRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTable() {
        TestDatabase.truncate("backfill_job");
    }

    @Test
    void progressIsStoredAndReadBack() {
        jobs.insert(job("j1", "QUEUED", 0, "owner-a", T0));

        assertThat(jobs.update(new BackfillJobRow("j1", "servicenow", "grp-ops", "RUNNING", 3, 250, 40, 1, null,
                "owner-a", T0, T0.plusSeconds(1), null, T0.plusSeconds(5), "incident|2025-03-01 08:00:04|q4", null)))
                .isTrue();

        BackfillJobRow read = jobs.find("j1").orElseThrow();
        assertThat(read.state()).isEqualTo("RUNNING");
        assertThat(read.pages()).isEqualTo(3);
        assertThat(read.resumeFrom()).isEqualTo("incident|2025-03-01 08:00:04|q4");
        assertThat(read.accepted()).isEqualTo(250);
        assertThat(read.duplicates()).isEqualTo(40);
        assertThat(read.refused()).isEqualTo(1);
        assertThat(read.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(read.heartbeatAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(jobs.find("no-such-job")).isEmpty();
    }

    @Test
    void openJobsOfAProcessThatStoppedBeatingAreMarkedInterrupted() {
        jobs.insert(job("dead-running", "RUNNING", 7, "owner-gone", T0));
        jobs.insert(job("dead-queued", "QUEUED", 0, "owner-gone", T0));
        jobs.insert(job("other-alive", "RUNNING", 2, "owner-busy", T0.plus(Duration.ofMinutes(2))));
        jobs.insert(job("mine", "RUNNING", 1, "owner-me", T0));
        jobs.insert(job("dead-done", "DONE", 4, "owner-gone", T0));
        Instant now = T0.plus(Duration.ofMinutes(3));

        assertThat(jobs.markInterrupted("owner-me", now.minus(Duration.ofMinutes(2)), now)).isEqualTo(2);

        BackfillJobRow interrupted = jobs.find("dead-running").orElseThrow();
        assertThat(interrupted.state()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.pages()).isEqualTo(7);
        assertThat(interrupted.finishedAt()).isEqualTo(now);
        assertThat(interrupted.error()).contains("interrupted").contains("2026-03-01T10:00:00Z").contains("7 pages");
        assertThat(jobs.find("dead-queued").orElseThrow().state()).isEqualTo("INTERRUPTED");
        assertThat(jobs.find("other-alive").orElseThrow().state()).isEqualTo("RUNNING");
        assertThat(jobs.find("mine").orElseThrow().state()).isEqualTo("RUNNING");
        assertThat(jobs.find("dead-done").orElseThrow().state()).isEqualTo("DONE");
    }

    @Test
    void heartbeatKeepsAProcesssOpenJobsFromBeingTakenForInterrupted() {
        jobs.insert(job("j1", "RUNNING", 1, "owner-a", T0));
        Instant now = T0.plus(Duration.ofMinutes(10));

        assertThat(jobs.heartbeat("owner-a", now.minusSeconds(10))).isEqualTo(1);
        jobs.markInterrupted("owner-b", now.minus(Duration.ofMinutes(2)), now);

        assertThat(jobs.find("j1").orElseThrow().state()).isEqualTo("RUNNING");
    }

    @Test
    void jobMarkedInterruptedIsNotOverwrittenByItsFormerOwner() {
        jobs.insert(job("j1", "RUNNING", 1, "owner-a", T0));
        jobs.markInterrupted("owner-b", T0.plusSeconds(1), T0.plusSeconds(2));

        assertThat(jobs.update(job("j1", "DONE", 5, "owner-a", T0.plusSeconds(3)))).isFalse();

        assertThat(jobs.find("j1").orElseThrow().state()).isEqualTo("INTERRUPTED");
    }

    private static BackfillJobRow job(String id, String state, int pages, String owner, Instant heartbeat) {
        return new BackfillJobRow(id, "servicenow", "grp-ops", state, pages, pages * 10, 0, 0, null, owner,
                T0.truncatedTo(ChronoUnit.SECONDS), null, null, heartbeat, null, null);
    }
}
