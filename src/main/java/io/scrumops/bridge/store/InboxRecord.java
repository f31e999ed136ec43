package io.scrumops.bridge.store;

import java.time.Instant;
import java.util.Map;

/** A raw inbound record exactly as it arrived. */
public record InboxRecord(long id, String source, String eventType, String dedupKey, Instant receivedAt,
                          Map<String, String> headers, String body, InboxStatus status, Instant processedAt) {

    public InboxRecord {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
