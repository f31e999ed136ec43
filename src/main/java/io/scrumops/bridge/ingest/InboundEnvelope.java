package io.scrumops.bridge.ingest;

import java.util.Map;

/**
 * What travels on the inbound topic: the raw record as received, with the inbox row that holds it durably.
 *
 * @param itemKey the source item the record is about; the Kafka key, so one item's records stay in order
 */
public record InboundEnvelope(long inboxId, String source, String eventType, String itemKey,
                              Map<String, String> headers, String body) {
}
