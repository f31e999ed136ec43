package io.scrumops.bridge.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.time.Duration;

/** Leases of scheduled jobs, timed by the database's clock so that instances' clocks need not agree. */
@Repository
public class JobLeaseRepository {

    private final JdbcClient jdbc;

    public JobLeaseRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Takes the lease when it is free or lapsed, renews it when {@code owner} holds it; false when another does. */
    public boolean acquire(String job, String owner, Duration ttl) {
        return jdbc.sql("""
                        insert into job_lease (name, owner, until) values (:job, :owner, now() + cast(:ttl as interval))
                        on conflict (name) do update
                          set owner = excluded.owner, until = excluded.until,
                              taken_at = case when job_lease.owner = excluded.owner then job_lease.taken_at else now() end
                          where job_lease.owner = excluded.owner or job_lease.until < now()
                        returning owner""")
                .param("job", job)
                .param("owner", owner)
                .param("ttl", ttl.toMillis() + " milliseconds")
                .query(String.class)
                .optional()
                .isPresent();
    }

    /** Gives up every lease of {@code owner}, so that another instance takes its jobs over at once. */
    public int releaseAll(String owner) {
        return jdbc.sql("delete from job_lease where owner = :owner").param("owner", owner).update();
    }
}
