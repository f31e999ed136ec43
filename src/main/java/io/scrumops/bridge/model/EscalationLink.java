package io.scrumops.bridge.model;

import java.time.Instant;

/** One step of an escalation: from a work package under one story to a new one under the next level's story. */
public record EscalationLink(String fromWorkPackageId, String toWorkPackageId, String fromStoryId, String toStoryId,
                             int level, Instant escalatedAt, String escalatedBy, String reason) {
}
