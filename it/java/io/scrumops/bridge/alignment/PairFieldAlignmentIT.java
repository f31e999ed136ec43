package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PairFieldAlignmentIT extends AlignmentItSupport {

    static final String APP_SUPPORT_GROUP = "8a4dde73c6112278017a6a4baf547aa7";

    @Test
    void assignmentGroupAndJiraTeamFollowEachOtherAndUnknownGroupsAndUsersAreAuditedNotWritten() throws IOException {
        Incident incident = new Incident("INC0091001", "3", "Shared drive full");
        Issue issue = pair(incident, "61001", "OPS-701");
        assertThat(JSON.readTree(workPackageCreateBody).path("fields").path("customfield_10001").path("value").asText())
                .isEqualTo("Service Desk");

        incident.assignmentGroup = APP_SUPPORT_GROUP;
        incident.send("alice.ops");
        awaitOutboxDrained();
        issue.team = "App Support";
        issue.send(JIRA_BOT);
        issue.team = "Service Desk";
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.assignmentGroup = SERVICE_DESK_GROUP;
        incident.send(SN_BOT);
        incident.assignmentGroup = "0000000000000000000000000000dead";
        incident.send("alice.ops");
        issue.assignee = "unknown-account-7";
        issue.send("jira-dev");
        awaitOutboxDrained();

        assertThat(jiraPutFields("OPS-701")).containsExactly(Map.of("customfield_10001", Map.of("value", "App Support")));
        assertThat(serviceNowPatches(incident)).containsExactly(Map.of("assignment_group", SERVICE_DESK_GROUP));
        assertThat(calls(JIRA)).containsExactly("PUT /rest/api/2/issue/OPS-701");
        assertThat(calls(SN)).containsExactly("PATCH /api/now/table/incident/" + incident.sysId);
        List<JsonNode> notCarried = audit("INC0091001", "alignment.not-carried");
        assertThat(notCarried).extracting(d -> d.path("field").asText()).containsExactly("assignment_group", "assignee");
        assertThat(notCarried.get(0).path("value").asText()).isEqualTo("unmapped:servicenow:0000000000000000000000000000dead");
        assertThat(notCarried.get(1).path("value").asText()).isEqualTo("unknown-account-7");
    }

    @Test
    void assigneeListedInThePeopleTableIsCarriedBothWaysByItsAccountAndSysId() throws IOException {
        Incident incident = new Incident("INC0091005", "3", "Printer offline");
        Issue issue = pair(incident, "61005", "OPS-705");

        issue.assignee = MAPPED_JIRA_ACCOUNT;
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.assignedTo = MAPPED_SN_USER;
        incident.send(SN_BOT);
        incident.assignedTo = "";
        incident.send("alice.ops");
        awaitOutboxDrained();

        assertThat(serviceNowPatches(incident)).containsExactly(Map.of("assigned_to", MAPPED_SN_USER));
        Map<String, Object> unassigned = new java.util.HashMap<>();
        unassigned.put("accountId", null);
        assertThat(jiraPutFields("OPS-705")).containsExactly(Map.of("assignee", unassigned));
        assertThat(calls(JIRA)).containsExactly("PUT /rest/api/2/issue/OPS-705");
        assertThat(calls(SN)).containsExactly("PATCH /api/now/table/incident/" + incident.sysId);
    }

    @Test
    void jiraResolutionReachesServiceNowAsCloseCodeAndNotesInTheSameWriteAsTheState() throws IOException {
        Incident incident = new Incident("INC0091002", "3", "Report export times out");
        Issue issue = pair(incident, "61002", "OPS-702");

        issue.moveTo("Resolved", "done");
        issue.resolution = "Won't Do";
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.state = "6";
        incident.closeCode = "Not Solved (Too Costly)";
        incident.closeNotes = "Resolved in Jira OPS-702";
        incident.send(SN_BOT);
        awaitOutboxDrained();

        assertThat(serviceNowPatches(incident)).containsExactly(Map.of("state", "6",
                "close_code", "Not Solved (Too Costly)", "close_notes", "Resolved in Jira OPS-702"));
        assertThat(calls(JIRA)).isEmpty();

        incident.closeCode = "Solved (Work Around)";
        incident.closeNotes = "Rebooted the report server";
        incident.send("alice.ops");
        incident.send("alice.ops");
        awaitOutboxDrained();

        assertThat(jiraPutFields("OPS-702")).containsExactly(Map.of("resolution", Map.of("name", "Workaround")));
        List<String> comments = jiraCommentBodies("OPS-702");
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0)).startsWith("[ServiceNow close notes by alice.ops at ")
                .endsWith("]\nRebooted the report server");
        assertThat(calls(JIRA)).containsExactly("PUT /rest/api/2/issue/OPS-702", "POST /rest/api/2/issue/OPS-702/comment");
        assertThat(calls(SN)).hasSize(1);
    }

    @Test
    void serviceNowCloseCodeRidesOnTheJiraTransitionIntoDoneWithoutAWriteOfItsOwn() throws IOException {
        Incident incident = new Incident("INC0091003", "3", "Badge reader offline");
        Issue issue = pair(incident, "61003", "OPS-703");

        incident.state = "6";
        incident.closeCode = "Duplicate";
        incident.closeNotes = "Same as INC0091000";
        incident.send("alice.ops");
        awaitOutboxDrained();
        issue.moveTo("Resolved", "done");
        issue.resolution = "Duplicate";
        issue.send(JIRA_BOT);
        awaitOutboxDrained();

        List<LoggedRequest> transitions = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-703/transitions");
        assertThat(transitions).hasSize(1);
        JsonNode transition = JSON.readTree(transitions.get(0).getBodyAsString());
        assertThat(transition.path("transition").path("id").asText()).isEqualTo("31");
        assertThat(transition.path("fields").path("resolution").path("name").asText()).isEqualTo("Duplicate");
        assertThat(calls(JIRA)).containsExactlyInAnyOrder("GET /rest/api/2/issue/OPS-703/transitions",
                "POST /rest/api/2/issue/OPS-703/transitions", "POST /rest/api/2/issue/OPS-703/comment");
        assertThat(jiraCommentBodies("OPS-703").get(0)).endsWith("]\nSame as INC0091000");
        assertThat(calls(SN)).isEmpty();
    }

    @Test
    void editedJiraCommentIsCarriedOnceAsAMarkedWorkNoteAndItsDeletionIsAudited() throws IOException {
        Incident incident = new Incident("INC0091004", "3", "Wi-Fi drops on floor 3");
        Issue issue = pair(incident, "61004", "OPS-704");

        issue.comment("6100411", "Root cause: DNS", "jira-dev");
        awaitOutboxDrained();
        issue.commentEvent("comment_updated", "6100411", "Root cause: expired DNS record", "jira-dev", "jira-dev");
        issue.commentEvent("comment_updated", "6100411", "Root cause: expired DNS record", "jira-dev", "jira-dev");
        awaitOutboxDrained();
        issue.commentEvent("comment_deleted", "6100411", "Root cause: expired DNS record", "jira-dev", "jira-lead");
        awaitOutboxDrained();

        List<Map<String, Object>> patches = serviceNowPatches(incident);
        assertThat(patches).hasSize(2).allSatisfy(p -> assertThat(p).containsOnlyKeys("work_notes"));
        assertThat((String) patches.get(0).get("work_notes")).startsWith("[Jira comment by jira-dev at ")
                .doesNotContain("edited").endsWith("]\nRoot cause: DNS");
        assertThat((String) patches.get(1).get("work_notes")).startsWith("[Jira comment by jira-dev at ")
                .contains(", edited at ").endsWith("]\nRoot cause: expired DNS record");
        assertThat(calls(JIRA)).isEmpty();
        assertThat(calls(SN)).hasSize(2);
        List<JsonNode> deleted = audit("INC0091004", "alignment.comment-deleted");
        assertThat(deleted).hasSize(1);
        assertThat(deleted.get(0).path("comment").asText()).isEqualTo("jira:comment:6100411");
        assertThat(deleted.get(0).path("deletedBy").asText()).isEqualTo("jira-lead");
        assertThat(deleted.get(0).path("copyLeftInPlace").asText()).isEqualTo("SERVICENOW");
    }

    private String workPackageCreateBody;

    /** Pairs the incident with its work package and settles the echoes; the request journals start empty. */
    private Issue pair(Incident incident, String issueId, String key) {
        stubWorkPackageCreate(incident, issueId, key);
        incident.send("alice.ops");
        awaitOutboxDrained();
        workPackageCreateBody = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue").get(0).getBodyAsString();
        Issue issue = new Issue(issueId, key, "Medium", incident.summary);
        issue.send(JIRA_BOT);
        incident.addJournal("work_notes", "Tracked in Jira as " + key + ": " + JIRA.baseUrl() + "/browse/" + key, SN_BOT);
        incident.correlationId = key;
        incident.send(SN_BOT);
        awaitOutboxDrained();
        JIRA.resetRequests();
        SN.resetRequests();
        return issue;
    }

    private static List<Map<String, Object>> jiraPutFields(String key) throws IOException {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (LoggedRequest put : requests(JIRA, RequestMethod.PUT, "/rest/api/2/issue/" + key)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(put.getBodyAsString(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> set = (Map<String, Object>) body.get("fields");
            fields.add(set);
        }
        return fields;
    }

    private List<JsonNode> audit(String incidentNumber, String action) {
        JsonNode pair;
        try {
            pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                    .getForObject("/api/links?incident=" + incidentNumber, String.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode entry : pair.path("audit")) {
            if (entry.path("action").asText().equals(action)) {
                details.add(entry.path("detail"));
            }
        }
        return details;
    }
}
