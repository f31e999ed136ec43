package io.scrumops.bridge.store;

import io.scrumops.bridge.config.JobLeases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JobLeaseRepositoryTest {

    private final JobLeaseRepository leases = new JobLeaseRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTable() {
        TestDatabase.truncate("job_lease");
    }

    @Test
    void oneOwnerHoldsAJobAndRenewsItWhileTheOtherIsRefused() {
        assertThat(leases.acquire("servicenow-poll", "a", Duration.ofMinutes(3))).isTrue();
        assertThat(leases.acquire("servicenow-poll", "b", Duration.ofMinutes(3))).isFalse();
        assertThat(leases.acquire("servicenow-poll", "a", Duration.ofMinutes(3))).as("renewed").isTrue();
        assertThat(leases.acquire("sla-sweep", "b", Duration.ofMinutes(3))).as("another job is free").isTrue();
    }

    @Test
    void aLapsedLeaseIsTakenOverByAnotherOwner() {
        assertThat(leases.acquire("jira-reconcile", "a", Duration.ofMinutes(3))).isTrue();
        JdbcClient.create(TestDatabase.dataSource())
                .sql("update job_lease set until = now() - interval '1 second' where name = 'jira-reconcile'").update();

        assertThat(leases.acquire("jira-reconcile", "b", Duration.ofMinutes(3))).isTrue();
        assertThat(leases.acquire("jira-reconcile", "a", Duration.ofMinutes(3))).isFalse();
    }

    @Test
    void instancesSplitTheJobsAndAStoppingInstanceHandsItsJobsOverAtOnce() {
        JobLeases first = new JobLeases(leases);
        JobLeases second = new JobLeases(leases);

        assertThat(first.holds("servicenow-poll", 60_000)).isTrue();
        assertThat(second.skip("servicenow-poll", 60_000)).isTrue();
        assertThat(second.holds("housekeeping", 3_600_000)).isTrue();

        first.releaseAll();

        assertThat(second.holds("servicenow-poll", 60_000)).isTrue();
        assertThat(first.skip("servicenow-poll", 60_000)).isTrue();
    }
}
