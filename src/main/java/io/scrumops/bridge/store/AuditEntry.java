package io.scrumops.bridge.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

public record AuditEntry(long id, Instant at, String actor, String action, String entityId, JsonNode detail) {
}
