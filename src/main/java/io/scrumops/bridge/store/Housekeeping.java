package io.scrumops.bridge.store;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/** Deletes bookkeeping rows past their retention (see {@link RetentionProperties}), a bounded batch at a time. */
@Component("housekeeping")
@EnableConfigurationProperties(RetentionProperties.class)
public class Housekeeping {

    static final int INBOX_BATCH = 10_000;

    private final InboxRepository inbox;
    private final SlaAnnouncementRepository announcements;
    private final RetentionProperties retention;
    private final Clock clock;

    public Housekeeping(InboxRepository inbox, SlaAnnouncementRepository announcements, RetentionProperties retention,
                        Clock clock) {
        this.inbox = inbox;
        this.announcements = announcements;
        this.retention = retention;
        this.clock = clock;
    }

    /** @return what was deleted, for the log */
    public String run() {
        Instant now = clock.instant();
        int inboxRows = 0;
        int deleted;
        do {
            deleted = inbox.deleteProcessedBefore(now.minus(retention.inbox()), INBOX_BATCH);
            inboxRows += deleted;
        } while (deleted == INBOX_BATCH);
        int published = announcements.deletePublishedBefore(now.minus(retention.slaAnnouncements()));
        return "housekeeping: " + inboxRows + " processed inbox records, " + published + " published SLA events deleted";
    }
}
