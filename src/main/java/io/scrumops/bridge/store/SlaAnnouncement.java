package io.scrumops.bridge.store;

/**
 * An SLA event waiting to be (or already) published on the SLA topic.
 *
 * @param eventId the stable id consumers de-duplicate by
 * @param payload the event as JSON, exactly as published
 */
public record SlaAnnouncement(long id, String eventId, String workPackageId, String payload) {
}
