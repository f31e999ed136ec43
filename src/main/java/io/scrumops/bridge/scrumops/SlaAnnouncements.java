package io.scrumops.bridge.scrumops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scrumops.bridge.store.SlaAnnouncement;
import io.scrumops.bridge.store.SlaAnnouncementRepository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * SLA events on their way to the SLA topic, at least once: the sweep stores each with the mark that announces it
 * (one transaction); the sla-sweep route then sends every unpublished one and marks it published once the broker
 * has acknowledged it. A crash or a failed send in between leaves it unpublished, so the next sweep sends it again
 * under the same event id.
 */
@Component("slaAnnouncements")
public class SlaAnnouncements {

    /** Kafka header carrying the event id, for consumers that de-duplicate without parsing the value. */
    public static final String EVENT_ID_HEADER = "scrumopsEventId";

    private static final int BATCH = 500;

    private final SlaAnnouncementRepository store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    public SlaAnnouncements(SlaAnnouncementRepository store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores an event to publish; call inside the transaction that records the mark announcing it. */
    public void add(SlaEvent event) {
        try {
            store.add(event.eventId(), event.workPackageId(), json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SLA event " + event.eventId() + " cannot be written as JSON", e);
        }
    }

    /** The events still to publish, oldest first. */
    public List<SlaAnnouncement> unpublished() {
        return store.unpublished(BATCH);
    }

    public void published(long id) {
        store.markPublished(id, clock.instant());
    }
}
