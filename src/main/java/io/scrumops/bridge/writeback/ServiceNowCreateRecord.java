package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/**
 * Creates a ServiceNow record (Table API POST), e.g. the incident for a Jira defect. The Table API has no idempotency
 * key, so the writer first queries the table for a record whose {@code correlation_id} is {@code correlationId}
 * (or whose number is {@code existingNumber}, a record the source already points at) and takes that one when it
 * exists: a create whose answer was lost is found, not repeated.
 *
 * @param existingNumber the number of a record to take instead of creating one, or null
 */
public record ServiceNowCreateRecord(String workItemId, String table, String correlationId, String existingNumber,
                                     Map<String, String> fields) implements WriteCommand {

    public ServiceNowCreateRecord {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    @Override
    public SourceSystem target() {
        return SourceSystem.SERVICENOW;
    }
}
