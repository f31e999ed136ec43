package io.scrumops.bridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person or a script is told when a request cannot be served: the API answers a problem detail that names
 * what was wrong, a console page answers a page that says it (never the API's JSON, never the server's fallback page),
 * and a control character in a parameter is refused before it reaches PostgreSQL (it answered 500).
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE})
class RefusedRequestsIT extends ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;

    private ResponseEntity<String> get(String pathAndQuery) {
        return http.withBasicAuth("vera", "viewer-password").getForEntity(URI.create(url(pathAndQuery)), String.class);
    }

    private static String detail(ResponseEntity<String> answer) throws Exception {
        assertThat(answer.getHeaders().getContentType()).isNotNull();
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        JsonNode problem = JSON.readTree(answer.getBody());
        return problem.path("detail").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/api/metrics/dora?team=%00, team",
            "/api/metrics/dora?project=APP%00, project",
            "/api/metrics/flow?team=ops%00, team",
            "/api/metrics/stages?team=%00, team",
            "/api/metrics/dora/items?metric=leadTime&team=%00, team",
            "/api/sla?team=%00, team",
            "/api/links?incident=INC%00, incident",
            "/api/work-items?q=%00, q",
            "/api/releases?product=%01, product"})
    void apiRefusesAControlCharacterInAParameterWith400NamingIt(String pathAndQuery, String parameter)
            throws Exception {
        ResponseEntity<String> answer = get(pathAndQuery);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(answer)).startsWith("parameter '" + parameter + "' holds the control character U+000");
    }

    @Test
    void apiNamesAParameterOfTheWrongKindAndAMissingOne() throws Exception {
        ResponseEntity<String> wrongKind = get("/api/work-items?size=abc");
        ResponseEntity<String> missing = get("/api/metrics/dora/items");

        assertThat(wrongKind.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(wrongKind)).isEqualTo("'size' must be a whole number, not 'abc'");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(missing)).isEqualTo("parameter 'metric' is required");
    }

    @Test
    void apiSaysWhyABodyIsNotReadable() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        TestRestTemplate admin = http.withBasicAuth(ADMIN, ADMIN_PASSWORD);

        ResponseEntity<String> notJson = admin.postForEntity("/api/import", new HttpEntity<>("not json", headers),
                String.class);
        ResponseEntity<String> wrongShape = admin.postForEntity("/api/releases/jira:version:1/gates/build/sign-off",
                new HttpEntity<>("{\"comment\": {\"text\": \"ready\"}}", headers), String.class);

        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(notJson)).startsWith("the body is not valid JSON: Unrecognized token 'not'");
        assertThat(wrongShape.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(wrongShape)).startsWith("the body does not fit at $.comment: ");
    }

    @Test
    void dryRunRefusesAnIssueKeyOrSysIdThatCouldLeaveItsPathBeforeAnyRequestIsMade() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        TestRestTemplate admin = http.withBasicAuth(ADMIN, ADMIN_PASSWORD);

        ResponseEntity<String> badKey = admin.postForEntity("/api/alignment/dry-run",
                new HttpEntity<>("{\"issueKey\": \"APP-1\\u0000\", \"sysId\": \"abc\"}", headers), String.class);
        ResponseEntity<String> badSysId = admin.postForEntity("/api/alignment/dry-run", new HttpEntity<>(
                "{\"jira\": {\"id\": \"1\", \"key\": \"APP-1\", \"fields\": {}},"
                        + " \"sysId\": \"../../sys_user/6816f79cc0a8016401c5a33be04be441\"}", headers), String.class);

        assertThat(badKey.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(JSON.readTree(badKey.getBody()).path("error").asText())
                .isEqualTo("not a Jira issue key or id: 'APP-1\u0000'");
        assertThat(badSysId.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(JSON.readTree(badSysId.getBody()).path("error").asText())
                .startsWith("not a ServiceNow sys_id, refused in a query or a path: '../../sys_user/");
    }

    @Test
    void dryRunSaysWhenJiraCannotBeReadWith502() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> answer = http.withBasicAuth(ADMIN, ADMIN_PASSWORD).postForEntity(
                "/api/alignment/dry-run", new HttpEntity<>("{\"issueKey\": \"APP-1\", \"sysId\": \"abc\"}", headers),
                String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(JSON.readTree(answer.getBody()).path("error").asText()).startsWith("the record could not be read: ");
    }

    @Test
    void aNulInABodyValueThatReachesTheStoreIsA400NotA500() throws Exception {
        workItems.upsert(new WorkItem("jira:issue:refused-1", WorkItemKind.WORK_PACKAGE,
                new SourceRef(SourceSystem.JIRA, "issue", "refused-1", "OPS-901", null, 1, Instant.now()),
                "Checkout fails", null, CanonicalStatus.IN_PROGRESS, "In Progress", null, null, null, null, null,
                "service-desk", "jira:issue:no-such-story", null, Set.of(), Instant.now(), Instant.now(), null, null,
                null));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> answer = http.withBasicAuth(ADMIN, ADMIN_PASSWORD).postForEntity(
                "/api/work-packages/jira:issue:refused-1/escalate",
                new HttpEntity<>("{\"actor\": \"ops\\u0000\"}", headers), String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(answer)).isEqualTo("a value in the request holds the character U+0000, which cannot be stored");
    }

    @Test
    void consolePageRefusesAControlCharacterWithAPageThatNamesTheParameter() {
        open("/report?team=%00");
        signIn("vera", "viewer-password");

        assertThat(browser.getTitle()).isEqualTo("400 Bad Request · ScrumOps Bridge");
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("This request cannot be served");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("parameter 'team' holds the control character U+0000; parameters take text only");
        screenshot("control-character");
        phoneScreenshot("control-character");
    }

    @Test
    void consolePageRefusesADateThatIsNotOneWithAPageNotJson() {
        open("/report?from=garbage");
        signIn("vera", "viewer-password");

        assertThat(browser.getTitle()).isEqualTo("400 Bad Request · ScrumOps Bridge");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .startsWith("from must be a date (2024-01-31) or an ISO-8601 time");
        assertThat(browser.getPageSource()).doesNotContain("\"status\":400");
    }

    @Test
    void unknownWorkItemAnswersANotFoundPageAndAnUnknownAddressTheRefusalPage() {
        open("/items/jira:issue:no-such-item");
        signIn("vera", "viewer-password");

        assertThat(browser.getTitle()).isEqualTo("404 Not Found · ScrumOps Bridge");
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Nothing here");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("No work item jira:issue:no-such-item");
        screenshot("unknown-item");

        open("/no-such-page");

        assertThat(browser.getTitle()).isEqualTo("403 Forbidden · ScrumOps Bridge");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("Your role does not allow this, or nothing is at this address");
        assertThat(browser.getPageSource()).doesNotContain("Whitelabel");
        assertThat(browser.findElement(By.cssSelector("main code")).getText()).isEqualTo("/no-such-page");
        screenshot("unknown-page");
    }
}
