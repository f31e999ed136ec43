package io.scrumops.bridge.store;

/**
 * The answer to storing an inbound record.
 *
 * @param id        the inbox id of the record, the earlier one's when this was a duplicate
 * @param duplicate true when a record with the same dedup key was already stored and nothing was written
 */
public record InboxReceipt(long id, boolean duplicate) {
}
