package io.scrumops.bridge.adapter.servicenow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowQueryValuesTest {

    @Test
    void takesTheShapesServiceNowGives() {
        assertThat(ServiceNowQueryValues.recordNumber("INC0010001")).isEqualTo("INC0010001");
        assertThat(ServiceNowQueryValues.recordNumber("RITM0001234")).isEqualTo("RITM0001234");
        assertThat(ServiceNowQueryValues.sysId("9d385017c611228701d22104cc95c371"))
                .isEqualTo("9d385017c611228701d22104cc95c371");
        assertThat(ServiceNowQueryValues.dateTime("2026-03-01 08:00:00")).isEqualTo("2026-03-01 08:00:00");
        assertThat(ServiceNowQueryValues.name("u_outage")).isEqualTo("u_outage");
        assertThat(ServiceNowQueryValues.issueKey("APP_2-109")).isEqualTo("APP_2-109");
        assertThat(ServiceNowQueryValues.group("Service Desk")).isEqualTo("Service Desk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INC0000001^ORnumberISNOTEMPTY", "INC0000001^NQnumberISNOTEMPTY", "INC0000001 ",
            "inc0000001", "INC", "0000001", "INC0000001\n", ""})
    void refusesRecordNumbersCarryingAnythingElse(String value) {
        assertThat(ServiceNowQueryValues.isRecordNumber(value)).isFalse();
        assertThatThrownBy(() -> ServiceNowQueryValues.recordNumber(value))
                .isInstanceOf(ServiceNowQueryValues.UnsafeQueryValueException.class)
                .hasMessageContaining("not a ServiceNow record number");
    }

    @Test
    void refusesOperatorsInEveryOtherKindOfValue() {
        assertThatThrownBy(() -> ServiceNowQueryValues.sysId("abc^ORsys_idISNOTEMPTY"))
                .hasMessageContaining("sys_id");
        assertThatThrownBy(() -> ServiceNowQueryValues.sysId("a".repeat(33))).hasMessageContaining("sys_id");
        assertThatThrownBy(() -> ServiceNowQueryValues.dateTime("2026-03-01 08:00:00^ORactive=true"))
                .hasMessageContaining("date");
        assertThatThrownBy(() -> ServiceNowQueryValues.name("incident^ORname=sys_user")).hasMessageContaining("name");
        assertThatThrownBy(() -> ServiceNowQueryValues.issueKey("APP-1^ORcorrelation_idISNOTEMPTY"))
                .hasMessageContaining("Jira issue key");
        assertThatThrownBy(() -> ServiceNowQueryValues.group("x^ORassignment_groupISNOTEMPTY"))
                .hasMessageContaining("assignment group");
        assertThatThrownBy(() -> ServiceNowQueryValues.group(null)).hasMessageContaining("'null'");
    }

    @Test
    void aRefusedValueIsShownCutShort() {
        String longValue = "INC" + "9".repeat(10_000);
        assertThatThrownBy(() -> ServiceNowQueryValues.recordNumber(longValue))
                .hasMessageEndingWith("...'")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void aSweepFromACraftedPositionIsRefusedBeforeAnyPageIsRead() {
        assertThatThrownBy(() -> ServiceNowTableSweep.query("", "1970-01-01 00:00:00^NQsys_idISNOTEMPTY"))
                .isInstanceOf(ServiceNowQueryValues.UnsafeQueryValueException.class);
        assertThat(ServiceNowTableSweep.query("active=true", "2026-03-01 08:00:00"))
                .isEqualTo("active=true^sys_updated_on>=2026-03-01 08:00:00^ORDERBYsys_updated_on^ORDERBYsys_id");
    }

    @Test
    void aJournalLookupForACraftedSysIdIsRefused() {
        assertThatThrownBy(() -> ServiceNowJournalLookup.query("incident", "x^ORelement_idISNOTEMPTY", "work_notes"))
                .isInstanceOf(ServiceNowQueryValues.UnsafeQueryValueException.class);
    }
}
