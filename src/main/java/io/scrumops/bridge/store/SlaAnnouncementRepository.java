package io.scrumops.bridge.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;

/** The SLA events to publish, kept until the broker has taken them. */
@Repository
public class SlaAnnouncementRepository {

    private final JdbcClient jdbc;

    public SlaAnnouncementRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Stores an event to publish; one stored before under the same event id is kept as it is. */
    public void add(String eventId, String workPackageId, String payload) {
        jdbc.sql("""
                        insert into sla_announcement (event_id, work_package_id, payload) values (:event, :wp, :payload)
                        on conflict (event_id) do nothing""")
                .param("event", eventId).param("wp", workPackageId).param("payload", payload).update();
    }

    /** The oldest events not yet published, in the order they were announced. */
    public List<SlaAnnouncement> unpublished(int limit) {
        return jdbc.sql("""
                        select id, event_id, work_package_id, payload from sla_announcement
                        where published_at is null order by id limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new SlaAnnouncement(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    public void markPublished(long id, Instant at) {
        jdbc.sql("update sla_announcement set published_at = :at where id = :id and published_at is null")
                .param("at", SqlTime.toSql(at)).param("id", id).update();
    }

    /** Forgets announcements published before {@code before}; @return how many were deleted. */
    public int deletePublishedBefore(Instant before) {
        return jdbc.sql("delete from sla_announcement where published_at < :before")
                .param("before", SqlTime.toSql(before))
                .update();
    }
}
