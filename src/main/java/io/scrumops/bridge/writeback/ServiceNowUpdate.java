package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/** PATCHes fields of a ServiceNow record (Table API), e.g. state, priority, correlation_id, close_code. */
public record ServiceNowUpdate(String workItemId, String table, String sysId, Map<String, String> fields)
        implements WriteCommand {

    public ServiceNowUpdate {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    @Override
    public SourceSystem target() {
        return SourceSystem.SERVICENOW;
    }
}
