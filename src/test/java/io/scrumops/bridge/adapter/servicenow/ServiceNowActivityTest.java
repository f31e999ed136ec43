package io.scrumops.bridge.adapter.servicenow;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNowActivityTest {

    @Test
    void keepsCorrelationAndCloseFieldsThatAreSetDropsEmptyOnesAndKeepsEveryStoredValueBeside() {
        ServiceNowActivity activity = ServiceNowActivity.fromResponse("""
                {"result": {"sys_id": "s1", "sys_updated_by": "alice", "correlation_id": "APP-7",
                 "close_code": "Duplicate", "close_notes": ""}}""", "servicenow:incident:s1");

        assertThat(activity.sourceFields()).isEqualTo(Map.of("correlation_id", "APP-7", "close_code", "Duplicate",
                "value:sys_id", "s1", "value:sys_updated_by", "alice", "value:correlation_id", "APP-7",
                "value:close_code", "Duplicate", "value:close_notes", ""));
        assertThat(activity.updatedBy()).isEqualTo("alice");
    }
}
