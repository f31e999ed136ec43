package io.scrumops.bridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Backfill jobs and their progress (table {@code backfill_job}). */
@Repository
public class BackfillJobRepository {

    private final JdbcClient jdbc;

    public BackfillJobRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public void insert(BackfillJobRow job) {
        jdbc.sql("""
                        insert into backfill_job (id, source, scope, state, pages, accepted, duplicates, refused, error,
                            owner, queued_at, started_at, finished_at, heartbeat_at, resume_from, resumes)
                        values (:id, :source, :scope, :state, :pages, :accepted, :duplicates, :refused, :error,
                            :owner, :queuedAt, :startedAt, :finishedAt, :heartbeatAt, :resumeFrom, :resumes)""")
                .paramSource(params(job))
                .update();
    }

    /** Writes the job's state and progress; a job already marked INTERRUPTED by another process stays so. */
    public boolean update(BackfillJobRow job) {
        return jdbc.sql("""
                        update backfill_job set state = :state, pages = :pages, accepted = :accepted,
                            duplicates = :duplicates, refused = :refused, error = :error, started_at = :startedAt,
                            finished_at = :finishedAt, heartbeat_at = :heartbeatAt, resume_from = :resumeFrom
                        where id = :id and owner = :owner and state <> 'INTERRUPTED'""")
                .paramSource(params(job))
                .update() == 1;
    }

    public Optional<BackfillJobRow> find(String id) {
        return jdbc.sql("select * from backfill_job where id = :id").param("id", id)
                .query(BackfillJobRepository::map).optional();
    }

    /** The latest jobs, newest first (the console's backfills page). */
    public List<BackfillJobRow> recent(int limit) {
        return jdbc.sql("select * from backfill_job order by queued_at desc, id desc limit :limit")
                .param("limit", limit).query(BackfillJobRepository::map).list();
    }

    /** Keeps the queued and running jobs of {@code owner} from being taken for interrupted. */
    public int heartbeat(String owner, Instant at) {
        return jdbc.sql("""
                        update backfill_job set heartbeat_at = :at
                        where owner = :owner and state in ('QUEUED', 'RUNNING')""")
                .param("owner", owner)
                .param("at", SqlTime.toSql(at))
                .update();
    }

    /**
     * Marks INTERRUPTED the queued and running jobs of other processes that have not refreshed their heartbeat since
     * {@code staleBefore}: the process that ran them has ended.
     */
    public int markInterrupted(String liveOwner, Instant staleBefore, Instant now) {
        return jdbc.sql("""
                        update backfill_job set state = 'INTERRUPTED', finished_at = :now,
                            error = 'interrupted: the bridge process running it stopped (last seen '
                                || to_char(heartbeat_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                || ') after ' || pages || ' pages; resume it (POST /api/backfill/' || id
                                || '/resume) or start it again'
                        where state in ('QUEUED', 'RUNNING') and owner <> :owner and heartbeat_at < :staleBefore""")
                .param("owner", liveOwner)
                .param("staleBefore", SqlTime.toSql(staleBefore))
                .param("now", SqlTime.toSql(now))
                .update();
    }

    private static MapSqlParameterSource params(BackfillJobRow job) {
        return new MapSqlParameterSource()
                .addValue("id", job.id())
                .addValue("source", job.source())
                .addValue("scope", job.scope())
                .addValue("state", job.state())
                .addValue("pages", job.pages())
                .addValue("accepted", job.accepted())
                .addValue("duplicates", job.duplicates())
                .addValue("refused", job.refused())
                .addValue("error", job.error())
                .addValue("owner", job.owner())
                .addValue("queuedAt", SqlTime.toSql(job.queuedAt()))
                .addValue("startedAt", SqlTime.toSql(job.startedAt()))
                .addValue("finishedAt", SqlTime.toSql(job.finishedAt()))
                .addValue("heartbeatAt", SqlTime.toSql(job.heartbeatAt()))
                .addValue("resumeFrom", job.resumeFrom())
                .addValue("resumes", job.resumes());
    }

    private static BackfillJobRow map(ResultSet rs, int row) throws SQLException {
        return new BackfillJobRow(rs.getString("id"), rs.getString("source"), rs.getString("scope"),
                rs.getString("state"), rs.getInt("pages"), rs.getInt("accepted"), rs.getInt("duplicates"),
                rs.getInt("refused"), rs.getString("error"), rs.getString("owner"), SqlTime.instant(rs, "queued_at"),
                SqlTime.instant(rs, "started_at"), SqlTime.instant(rs, "finished_at"),
                SqlTime.instant(rs, "heartbeat_at"), rs.getString("resume_from"), rs.getString("resumes"));
    }
}
