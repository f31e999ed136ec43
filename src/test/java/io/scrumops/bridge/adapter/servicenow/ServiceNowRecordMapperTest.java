package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.scrumops.bridge.adapter.PayloadFixtures.json;
import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static io.scrumops.bridge.adapter.PayloadFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowRecordMapperTest {

    private static final String INC0010019 = "03dbb48fdb040010a704fe1b6896191b";

    private final ServiceNowRecordMapper mapper = new ServiceNowRecordMapper(shippedMappings());

    @Test
    void mapsSingleIncidentWithPlainStringValuesAndEmptyReferences() {
        ServiceNowRecord record = mapper.fromResponse(text("servicenow/table-get-incident-single.json"), null);

        assertThat(record.table()).isEqualTo("incident");
        WorkItem item = record.workItem();
        assertThat(item.id()).isEqualTo("servicenow:incident:" + INC0010019);
        assertThat(item.kind()).isEqualTo(WorkItemKind.INCIDENT);
        assertThat(item.flowType()).isEqualTo(FlowType.DEFECT);
        assertThat(item.source().system()).isEqualTo(SourceSystem.SERVICENOW);
        assertThat(item.source().key()).isEqualTo("INC0010019");
        assertThat(item.source().version()).isEqualTo(1);
        assertThat(item.source().updatedAt()).isEqualTo(Instant.parse("2019-09-26T23:01:47Z"));
        assertThat(item.source().globalId()).isEqualTo(item.id());
        assertThat(item.title()).isEqualTo("Updated Table Record");
        assertThat(item.description()).isNull();
        assertThat(item.status()).isEqualTo(CanonicalStatus.NEW);
        assertThat(item.sourceStatus()).isEqualTo("1");
        assertThat(item.severity()).isEqualTo(Severity.SEV3);
        assertThat(item.sourcePriority()).isEqualTo("5");
        assertThat(item.assignee()).isNull();
        assertThat(item.assignmentGroup()).isNull();
        assertThat(item.team()).isNull();
        assertThat(item.createdAt()).isEqualTo(Instant.parse("2019-09-26T23:01:45Z"));
        assertThat(item.updatedAt()).isEqualTo(Instant.parse("2019-09-26T23:01:47Z"));
        assertThat(item.resolvedAt()).isNull();
        assertThat(record.storyKey()).isNull();
        assertThat(record.routingRule()).isNull();
        assertThat(record.asDeployment()).isEmpty();
    }

    @Test
    void mapsCreatedAndPatchedIncidentsWithTheirModCounts() {
        WorkItem created = mapper.fromResponse(text("servicenow/table-post-incident-201.json"), "incident").workItem();
        WorkItem patched = mapper.fromResponse(text("servicenow/table-patch-incident.json"), "incident").workItem();

        assertThat(created.title()).isEqualTo("Create Table Record");
        assertThat(created.source().version()).isZero();
        assertThat(created.updatedAt()).isEqualTo(Instant.parse("2019-09-26T23:01:45Z"));
        assertThat(patched.title()).isEqualTo("Updated Table Record");
        assertThat(patched.source().version()).isEqualTo(1);
        assertThat(patched.source().isNotOlderThan(created.source())).isTrue();
        assertThat(created.source().isNotOlderThan(patched.source())).isFalse();
    }

    @Test
    void mapsIncidentListUsingStateCodesNotTimestamps() {
        List<ServiceNowRecord> records = mapper.fromList(text("servicenow/table-list-incident-subset.json"), "incident");

        assertThat(records).extracting(r -> r.workItem().source().key())
                .containsExactly("INC0000060", "INC0000009", "INC0010019", "INC0000015", "INC0000017");
        assertThat(records).extracting(r -> r.workItem().status()).containsExactly(CanonicalStatus.DONE,
                CanonicalStatus.DONE, CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS, CanonicalStatus.ON_HOLD);
        assertThat(records).extracting(r -> r.workItem().severity())
                .containsExactly(Severity.SEV3, Severity.SEV1, Severity.SEV3, Severity.SEV1, Severity.SEV1);
        assertThat(records).extracting(r -> r.workItem().source().version()).containsExactly(15L, 8L, 0L, 11L, 36L);

        WorkItem closed = records.get(0).workItem();
        assertThat(closed.assignmentGroup()).isEqualTo("287ebd7da9fe198100f92cc8d1d2154e");
        assertThat(closed.assignee()).isEqualTo("5137153cc611227c000bbd1bd8cd2007");
        assertThat(closed.resolvedAt()).isEqualTo(Instant.parse("2016-12-13T21:43:14Z"));
        assertThat(closed.createdAt()).isEqualTo(Instant.parse("2016-12-12T15:19:57Z"));
        assertThat(closed.updatedAt()).isEqualTo(Instant.parse("2016-12-14T02:46:44Z"));
        assertThat(records.get(1).workItem().resolvedAt()).as("resolved_at after closed_at is kept as recorded")
                .isEqualTo(Instant.parse("2019-06-04T19:56:12Z"));
        assertThat(records.get(3).workItem().resolvedAt()).as("closed_at set while In Progress is ignored").isNull();
    }

    @Test
    void routesByAssignmentGroupThenCategory() {
        List<ServiceNowRecord> records = mapper.fromList(text("servicenow/table-list-incident-subset.json"), "incident");

        assertThat(records).extracting(ServiceNowRecord::routingRule)
                .containsExactly("service desk", "service desk", null, "software", "service desk");
        assertThat(records).extracting(r -> r.workItem().team())
                .containsExactly("service-desk", "service-desk", null, "app-support", "service-desk");
        assertThat(records).extracting(ServiceNowRecord::storyKey).containsExactly("OPS-1", "OPS-1", null, "OPS-2", "OPS-1");
    }

    @Test
    void mapsChangeManagementPairsByValueNeverByDisplayValue() {
        ServiceNowRecord record = mapper.fromResponse(text("servicenow/change-normal-get-by-id-display-all.json"), null);

        assertThat(record.table()).isEqualTo("change_request");
        WorkItem item = record.workItem();
        assertThat(item.id()).isEqualTo("servicenow:change_request:51cff803db440010a704fe1b68961946");
        assertThat(item.kind()).isEqualTo(WorkItemKind.CHANGE);
        assertThat(item.flowType()).isEqualTo(FlowType.FEATURE);
        assertThat(item.source().key()).isEqualTo("CHG0030011");
        assertThat(item.status()).isEqualTo(CanonicalStatus.NEW);
        assertThat(item.sourceStatus()).as("typed -5, not the label 'New'").isEqualTo("-5");
        assertThat(item.severity()).isEqualTo(Severity.SEV3);
        assertThat(item.sourcePriority()).isEqualTo("4");
        assertThat(item.updatedAt()).as("UTC value, not the display value 16:27:30")
                .isEqualTo(Instant.parse("2019-09-26T23:27:30Z"));
        assertThat(item.source().version()).as("the Change Management API sends no sys_mod_count").isZero();
        assertThat(item.assignmentGroup()).isNull();
        assertThat(record.asDeployment()).as("a new change is no deployment").isEmpty();
    }

    @Test
    void mapsClosedSuccessfulChangeToAProductionDeployment() {
        ObjectNode change = closedChange("successful");

        ServiceNowRecord record = mapper.fromRecord(change, null);

        assertThat(record.workItem().status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(record.workItem().resolvedAt()).isEqualTo(Instant.parse("2019-09-28T10:00:00Z"));
        Deployment deployment = record.asDeployment().orElseThrow();
        assertThat(deployment.id()).isEqualTo("servicenow:deployment:51cff803db440010a704fe1b68961946");
        assertThat(deployment.source().globalId()).isEqualTo("servicenow:change_request:51cff803db440010a704fe1b68961946");
        assertThat(deployment.environment()).isEqualTo("production");
        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(deployment.service()).isEqualTo("27d32778c0a8000b00db970eeaa60f16");
        assertThat(deployment.startedAt()).isEqualTo(Instant.parse("2019-09-27T22:00:00Z"));
        assertThat(deployment.finishedAt()).as("work_end, not the later closed_at").isEqualTo(Instant.parse("2019-09-27T23:30:00Z"));
        assertThat(deployment.ref()).isEqualTo("CHG0030011");
        assertThat(deployment.linkedItemKeys()).containsExactlyInAnyOrder("CHG0030011", "PAY-12", "INC0010019");
        assertThat(deployment.isSuccessfulProduction()).isTrue();
    }

    @Test
    void mapsClosedUnsuccessfulChangeToAFailedDeploymentFinishedWhenClosed() {
        ObjectNode change = closedChange("unsuccessful");
        change.putObject("work_end").put("display_value", "").put("value", "");

        Deployment deployment = mapper.fromRecord(change, "change_request").asDeployment().orElseThrow();

        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILURE);
        assertThat(deployment.finishedAt()).isEqualTo(Instant.parse("2019-09-28T10:00:00Z"));
    }

    @Test
    void refusesClosedChangeWithoutACloseCode() {
        assertThatThrownBy(() -> mapper.fromRecord(closedChange(""), null))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessage("mappings/servicenow.yaml: changeDeployments.closeCodes: no mapping for '' "
                        + "(known: successful, successful_issues, unsuccessful)");
    }

    @Test
    void refusesUnknownStateAndPriorityNamingTheMappingFile() {
        ObjectNode incident = (ObjectNode) json("servicenow/table-get-incident-single.json").path("result");
        incident.put("state", "42");
        assertThatThrownBy(() -> mapper.fromRecord(incident, null))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessage("mappings/servicenow.yaml: tables.incident.states: no mapping for '42' (known: 1, 2, 3, 6, 7, 8)");

        ObjectNode requestItem = (ObjectNode) json("servicenow/table-get-incident-single.json").path("result");
        assertThatThrownBy(() -> mapper.fromRecord(requestItem, "sc_req_item"))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessage("mappings/servicenow.yaml: tables: no mapping for 'sc_req_item' (known: change_request, incident, problem)");
    }

    @Test
    void refusesDisplayOnlyValues() {
        ObjectNode incident = (ObjectNode) json("servicenow/table-get-incident-single.json").path("result");
        incident.putObject("assignment_group").put("display_value", "Service Desk").put("link", "https://x/api/now/table/sys_user_group/1");

        assertThatThrownBy(() -> mapper.fromRecord(incident, null))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("servicenow record: field 'assignment_group' = ")
                .hasMessageEndingWith("carries no stored value (read with sysparm_display_value=false or all, never true)");
    }

    @Test
    void refusesRecordsMissingRequiredFields() {
        ObjectNode incident = (ObjectNode) json("servicenow/table-get-incident-single.json").path("result");
        incident.remove("sys_id");
        assertThatThrownBy(() -> mapper.fromRecord(incident, null))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("servicenow record: missing field 'sys_id'");

        ObjectNode badDate = (ObjectNode) json("servicenow/table-get-incident-single.json").path("result");
        badDate.put("sys_updated_on", "26/09/2019 23:01:47");
        assertThatThrownBy(() -> mapper.fromRecord(badDate, null))
                .hasMessage("servicenow record: field 'sys_updated_on' = '26/09/2019 23:01:47': "
                        + "not a ServiceNow stored date (expected yyyy-MM-dd HH:mm:ss, UTC)");
    }

    @Test
    void refusesConflictResultsAsRecords() {
        assertThatThrownBy(() -> mapper.fromResponse(text("servicenow/change-conflict-get.json"), null))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("servicenow record result: missing field 'sys_class_name'");
        assertThatThrownBy(() -> mapper.fromResponse(text("servicenow/change-conflict-get.json"), "change_request"))
                .hasMessage("servicenow record result: missing field 'sys_id'");
    }

    @Test
    void refusesListsAsSingleRecordsAndSingleRecordsAsLists() {
        assertThatThrownBy(() -> mapper.fromResponse(text("servicenow/table-list-incident-subset.json"), null))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("servicenow record: 'result' is a list; map it with fromList");
        assertThatThrownBy(() -> mapper.fromList(text("servicenow/table-get-incident-single.json"), null))
                .hasMessageStartingWith("servicenow record: field 'result' = ")
                .hasMessageEndingWith("expected a list");
    }

    @Test
    void refusesErrorEnvelopesWithTheirMessage() {
        JsonNode examples = json("servicenow/error-responses.json").path("examples");

        assertThatThrownBy(() -> mapper.fromResponse(examples.get(0).path("body").toString(), "incident"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("servicenow record: payload is a ServiceNow error response: User Not Authenticated "
                        + "(Required to provide Auth information)");
        assertThatThrownBy(() -> mapper.fromList(examples.get(1).path("body").toString(), "incident"))
                .hasMessage("servicenow record: payload is a ServiceNow error response: No Record found "
                        + "(Record doesn't exist or ACL restricts the record retrieval)");
        assertThatThrownBy(() -> mapper.fromResponse(examples.get(2).path("body_text").asText(), "incident"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("servicenow record: body is not valid JSON");
    }

    private static ObjectNode closedChange(String closeCode) {
        ObjectNode change = (ObjectNode) json("servicenow/change-normal-get-by-id-display-all.json").path("result");
        change.putObject("state").put("display_value", "Closed").put("value", 3);
        change.putObject("close_code").put("display_value", closeCode).put("value", closeCode);
        change.putObject("work_start").put("display_value", "2019-09-27 15:00:00").put("value", "2019-09-27 22:00:00");
        change.putObject("work_end").put("display_value", "2019-09-27 16:30:00").put("value", "2019-09-27 23:30:00");
        change.putObject("closed_at").put("display_value", "2019-09-28 03:00:00").put("value", "2019-09-28 10:00:00");
        change.putObject("short_description").put("display_value", "x").put("value", "Roll out PAY-12 fix for INC0010019");
        change.putObject("business_service").put("display_value", "Email").put("value", "27d32778c0a8000b00db970eeaa60f16");
        return change;
    }
}
