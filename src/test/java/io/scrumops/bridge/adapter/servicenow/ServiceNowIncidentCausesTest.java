package io.scrumops.bridge.adapter.servicenow;

import io.scrumops.bridge.model.IncidentCause;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNowIncidentCausesTest {

    @Test
    void anIncidentWithOnlyAProblemNamesItsProblem() throws Exception {
        String body = Files.readString(Path.of("../shared/fixtures/payloads/servicenow/table-get-incident-problem_id.json"));

        assertThat(ServiceNowIncidentCauses.fromResponse(body, "incident", "servicenow:incident:a9e30c7dc61122760116894de7bcc7bd"))
                .contains(new IncidentCause("servicenow:incident:a9e30c7dc61122760116894de7bcc7bd", null,
                        "a9e4890bc6112276003d7a5a5c774a74", "SERVICENOW_PROBLEM"));
    }

    @Test
    void causedByComesBeforeRfcAndADisplayedNumberBeforeTheSysId() {
        String body = """
                {"result": {"sys_id": "i1", "caused_by": {"display_value": "CHG0030001", "value": "c1", "link": "x"},
                            "rfc": {"link": "y", "value": "c2"}, "problem_id": ""}}""";

        assertThat(ServiceNowIncidentCauses.fromResponse(body, "incident", "servicenow:incident:i1"))
                .contains(new IncidentCause("servicenow:incident:i1", "CHG0030001", null, "SERVICENOW_CAUSED_BY"));
    }

    @Test
    void rfcAloneIsTheCause() {
        String body = """
                {"sys_id": "i1", "caused_by": "", "rfc": {"link": "y", "value": "c2"}, "problem_id": "p9"}""";

        assertThat(ServiceNowIncidentCauses.fromResponse(body, "incident", "servicenow:incident:i1"))
                .contains(new IncidentCause("servicenow:incident:i1", "c2", "p9", "SERVICENOW_RFC"));
    }

    @Test
    void otherTablesAndIncidentsWithoutCauseNameNone() {
        assertThat(ServiceNowIncidentCauses.fromResponse("{\"sys_id\": \"c\", \"caused_by\": \"x\"}", "change_request", "c"))
                .isEqualTo(Optional.empty());
        assertThat(ServiceNowIncidentCauses.fromResponse("{\"sys_id\": \"i\", \"caused_by\": \"\", \"rfc\": \"\"}",
                "incident", "i")).isEmpty();
    }
}
