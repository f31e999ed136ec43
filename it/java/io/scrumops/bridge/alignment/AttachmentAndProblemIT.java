package io.scrumops.bridge.alignment;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attachments carried both ways between a paired incident and work package, each once, never echoed, a file over the
 * ServiceNow cap replaced by a work note; and a ServiceNow problem paired and aligned like an incident.
 */
class AttachmentAndProblemIT extends AlignmentItSupport {

    static final byte[] TRACE = "java.lang.IllegalStateException: declined\n\tat Checkout.pay(Checkout.java:42)\n"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] SCREENSHOT = new byte[2048];

    @DynamicPropertySource
    static void attachmentSettings(DynamicPropertyRegistry registry) {
        registry.add("scrumops.attachments.poll-period-ms", () -> "500");
        registry.add("scrumops.attachments.servicenow-max-bytes", () -> "1000000");
    }

    @Test
    void attachmentsTravelBothWaysOnceEachAndAFileOverTheCapBecomesAWorkNote() throws IOException {
        SN.stubFor(get(urlPathEqualTo("/api/now/v1/table/sys_attachment")).willReturn(okJson("{\"result\": []}")));
        Incident incident = new Incident("INC0094001", "3", "Checkout declines cards");
        Issue issue = pair(incident, "64001", "OPS-941");
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/attachment/content/20001"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(TRACE)));
        SN.stubFor(post(urlPathEqualTo("/api/now/attachment/file")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"result\": {\"sys_id\": \"att0000000000000000000000000sn01\", \"file_name\": \"trace.log\"}}")));

        issue.extra.put("attachment", List.of(
                Map.of("id", "20001", "filename", "trace.log", "size", TRACE.length, "mimeType", "text/plain",
                        "author", Map.of("accountId", "557058:dev")),
                Map.of("id", "20002", "filename", "heap.hprof", "size", 5_000_000, "mimeType", "application/octet-stream",
                        "author", Map.of("accountId", "557058:dev"))));
        issue.send("jira-dev");
        awaitOutboxDrained();
        issue.send("jira-dev");
        awaitOutboxDrained();

        List<LoggedRequest> uploads = requests(SN, RequestMethod.POST, "/api/now/attachment/file.*");
        assertThat(uploads).hasSize(1);
        assertThat(uploads.get(0).queryParameter("table_name").firstValue()).isEqualTo("incident");
        assertThat(uploads.get(0).queryParameter("table_sys_id").firstValue()).isEqualTo(incident.sysId);
        assertThat(uploads.get(0).queryParameter("file_name").firstValue()).isEqualTo("trace.log");
        assertThat(uploads.get(0).getBody()).isEqualTo(TRACE);
        List<Map<String, Object>> patches = serviceNowPatches(incident);
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).get("work_notes").toString()).startsWith("Attachment heap.hprof (4.8 MB) not copied:")
                .contains(JIRA.baseUrl() + "/rest/api/2/attachment/content/20002");

        SN.stubFor(get(urlPathEqualTo("/api/now/v1/table/sys_attachment")).willReturn(okJson("""
                {"result": [
                  {"sys_id": "att0000000000000000000000000sn01", "table_name": "incident", "table_sys_id": "%s",
                   "file_name": "trace.log", "size_bytes": "%d", "content_type": "text/plain",
                   "sys_created_by": "scrumops.bridge", "sys_updated_on": "2026-03-01 08:10:00"},
                  {"sys_id": "att0000000000000000000000000sn02", "table_name": "incident", "table_sys_id": "%s",
                   "file_name": "screen.png", "size_bytes": "2048", "content_type": "image/png",
                   "sys_created_by": "alice.ops", "sys_updated_on": "2026-03-01 08:11:00"}
                ]}""".formatted(incident.sysId, TRACE.length, incident.sysId))));
        SN.stubFor(get(urlPathEqualTo("/api/now/attachment/att0000000000000000000000000sn02/file"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(SCREENSHOT)));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue/OPS-941/attachments")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"id\": \"20003\", \"filename\": \"screen.png\", \"size\": 2048}]")));

        await().atMost(Duration.ofSeconds(30)).until(() -> count(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-941/attachments") == 1);
        awaitOutboxDrained();
        issue.extra.put("attachment", List.of(
                Map.of("id", "20001", "filename", "trace.log", "size", TRACE.length, "mimeType", "text/plain"),
                Map.of("id", "20002", "filename", "heap.hprof", "size", 5_000_000, "mimeType", "application/octet-stream"),
                Map.of("id", "20003", "filename", "screen.png", "size", 2048, "mimeType", "image/png",
                        "author", Map.of("accountId", JIRA_BOT))));
        issue.send(JIRA_BOT);
        awaitOutboxDrained();
        // two more polls of sys_attachment pass, each listing both files again
        int polls = count(SN, RequestMethod.GET, "/api/now/v1/table/sys_attachment.*");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(SN, RequestMethod.GET, "/api/now/v1/table/sys_attachment.*") >= polls + 2);
        awaitOutboxDrained();

        LoggedRequest toJira = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-941/attachments").get(0);
        assertThat(toJira.getHeader("X-Atlassian-Token")).isEqualTo("no-check");
        assertThat(toJira.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(toJira.getBodyAsString()).contains("filename=\"screen.png\"");
        assertThat(count(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-941/attachments")).isEqualTo(1);
        assertThat(count(SN, RequestMethod.POST, "/api/now/attachment/file.*")).isEqualTo(1);
        assertThat(count(SN, RequestMethod.GET, "/api/now/attachment/att0000000000000000000000000sn01/file")).isZero();
        assertThat(calls(JIRA).stream().filter(c -> !c.startsWith("GET ")).toList())
                .containsExactly("POST /rest/api/2/issue/OPS-941/attachments");
    }

    @Test
    void aProblemIsPairedAndAlignedLikeAnIncident() throws IOException {
        SN.stubFor(patch(urlPathMatching("/api/now/table/problem/.+")).willReturn(okJson("{\"result\": {\"sys_id\": \"x\"}}")));
        Incident problem = new Incident("PRB0040001", "2", "Checkout declines recur every Monday");
        problem.table = "problem";
        problem.state = "101";
        Issue issue = pair(problem, "64002", "OPS-942");

        issue.moveTo("In Progress", "indeterminate");
        issue.send("jira-dev");
        awaitOutboxDrained();
        problem.state = "104";
        problem.send(SN_BOT);
        awaitOutboxDrained();
        problem.state = "106";
        problem.send("alice.ops");
        awaitOutboxDrained();

        List<LoggedRequest> patches = requests(SN, RequestMethod.PATCH, "/api/now/table/problem/" + problem.sysId + ".*");
        assertThat(patches).hasSize(1);
        assertThat(JSON.readTree(patches.get(0).getBodyAsString()).path("state").asText()).isEqualTo("104");
        assertThat(count(SN, RequestMethod.PATCH, "/api/now/table/incident/.*")).isZero();
        assertThat(calls(JIRA)).contains("POST /rest/api/2/issue/OPS-942/transitions");
        assertThat(calls(JIRA).stream().filter(c -> !c.startsWith("GET ")).toList())
                .containsExactly("POST /rest/api/2/issue/OPS-942/transitions");
    }

    /** Pairs a new record with its work package and clears the journals. */
    private Issue pair(Incident record, String issueId, String key) {
        stubWorkPackageCreate(record, issueId, key);
        record.send("alice.ops");
        awaitOutboxDrained();
        Issue issue = new Issue(issueId, key, "Medium", record.summary);
        issue.send(JIRA_BOT);
        record.addJournal("work_notes", "Tracked in Jira as " + key + ": " + JIRA.baseUrl() + "/browse/" + key, SN_BOT);
        record.correlationId = key;
        record.send(SN_BOT);
        awaitOutboxDrained();
        JIRA.resetRequests();
        SN.resetRequests();
        return issue;
    }
}
