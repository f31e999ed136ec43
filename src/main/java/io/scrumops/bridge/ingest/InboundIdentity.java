package io.scrumops.bridge.ingest;

/**
 * @param dedupKey  the same delivery always has the same key, so a redelivery is recognised
 * @param itemKey   the source item the record is about
 * @param eventType the source's name for what happened
 */
public record InboundIdentity(String dedupKey, String itemKey, String eventType) {
}
