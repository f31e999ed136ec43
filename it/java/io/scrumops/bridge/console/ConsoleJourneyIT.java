package io.scrumops.bridge.console;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.QuarantineStatus;
import io.scrumops.bridge.store.StatusChangeRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person does in the console, in headless Chromium: find a pair from an incident number, replay a record. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE,
        // Links into Jira and ServiceNow are built from these; nothing listens there.
        "scrumops.jira.base-url=http://127.0.0.1:9",
        "scrumops.servicenow.instance-url=http://127.0.0.1:9",
        "scrumops.rules.sprint-sync.enabled=false",
        "scrumops.rules.sla-sweep.enabled=false"})
class ConsoleJourneyIT extends ConsoleBrowserTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    @Autowired
    WorkItemRepository items;
    @Autowired
    SyncLinkRepository links;
    @Autowired
    StatusChangeRepository history;
    @Autowired
    QuarantineRepository quarantine;
    @Autowired
    AuditLogRepository audit;
    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void aViewerFindsAnIncidentsWorkPackageFromItsNumberAndSeesItsPairAndHistory() {
        String incident = "servicenow:incident:4a1c0042";
        String workPackage = "jira:issue:93001";
        items.upsert(item(incident, WorkItemKind.INCIDENT, SourceSystem.SERVICENOW, "incident", "4a1c0042",
                "INC0042001", "Checkout fails for card payments", CanonicalStatus.IN_PROGRESS, null));
        items.upsert(item(workPackage, WorkItemKind.WORK_PACKAGE, SourceSystem.JIRA, "issue", "93001", "OPS-93001",
                "INC0042001 Checkout fails for card payments", CanonicalStatus.ON_HOLD,
                new WorkPackageAttributes(null, "incident", Severity.SEV2, "incident", T0, Duration.ofHours(8), 1,
                        null, null)));
        links.save(SyncLink.of(incident, SourceSystem.SERVICENOW, "4a1c0042", "INC0042001", null));
        links.save(SyncLink.of(incident, SourceSystem.JIRA, "93001", "OPS-93001", null));
        history.record(new StatusChange(workPackage, CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS, "To Do",
                "In Progress", T0.plusSeconds(600), "lee"));
        history.record(new StatusChange(workPackage, CanonicalStatus.IN_PROGRESS, CanonicalStatus.ON_HOLD,
                "In Progress", "Waiting for customer", T0.plusSeconds(3600), "lee"));

        signIn("vera", "viewer-password");
        open("/items");
        browser.findElement(By.id("q")).sendKeys("inc0042001");
        browser.findElement(By.id("search-button")).click();
        waitFor(By.id("results"));
        screenshot("search");
        assertThat(browser.findElements(By.cssSelector("#results a.item-link")).stream().map(WebElement::getText))
                .containsExactlyInAnyOrder("INC0042001", "OPS-93001");

        browser.findElement(By.linkText("OPS-93001")).click();
        waitFor(By.id("pair"));
        screenshot("work-package");
        phoneScreenshot("work-package");

        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("OPS-93001 INC0042001 Checkout fails for card payments");
        assertThat(browser.findElements(By.cssSelector("#pair a.pair-side")).stream().map(WebElement::getText))
                .containsExactly("INC0042001", "OPS-93001");
        assertThat(browser.findElement(By.id("source-link")).getAttribute("href"))
                .isEqualTo("http://127.0.0.1:9/browse/OPS-93001");
        String historyText = browser.findElement(By.id("history")).getText();
        assertThat(historyText).contains("2026-11-30 08:10:00", "To Do → In Progress",
                "2026-11-30 09:00:00", "In Progress → Waiting for customer");

        browser.findElement(By.linkText("INC0042001")).click();
        waitUntil(ExpectedConditions.urlContains("servicenow:incident:4a1c0042"));
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("INC0042001 Checkout fails for card payments");
    }

    @Test
    void anOperatorReplaysAQuarantinedRecordAndTheReplayIsAuditedWithTheUser() throws Exception {
        String payload = new ClassPathResource("fixtures/payloads/jira/webhook-cloud-issue_created.json")
                .getContentAsString(StandardCharsets.UTF_8);
        long id = quarantine.add(null, "jira", "Unknown Jira status 'Triage' (mappings/jira.yaml statuses)", payload);

        signIn("vera", "viewer-password");
        open("/quarantine");
        WebElement row = waitFor(By.id("q-" + id));
        assertThat(row.findElement(By.className("reason")).getText())
                .isEqualTo("Unknown Jira status 'Triage' (mappings/jira.yaml statuses)");
        assertThat(row.findElements(By.cssSelector("button.replay"))).as("a viewer gets no replay button").isEmpty();
        browser.manage().deleteAllCookies();
        browser.get("about:blank");

        signIn("otto", "operator-password");
        open("/quarantine");
        screenshot("quarantine");
        waitFor(By.id("q-" + id)).findElement(By.cssSelector("button.replay")).click();

        WebElement flash = waitFor(By.cssSelector(".flash"));
        screenshot("replayed");
        assertThat(flash.getText()).startsWith("Record " + id + " replayed")
                .endsWith("inserted, 1 status change, 0 new comments");
        assertThat(browser.findElements(By.id("q-" + id))).isEmpty();
        assertThat(quarantine.findById(id).orElseThrow().status()).isEqualTo(QuarantineStatus.REPLAYED);
        assertThat(audit.findByEntity(String.valueOf(id))).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.actor()).isEqualTo("otto");
                    assertThat(entry.action()).isEqualTo("quarantine.replayed");
                });
    }

    @Test
    void anOperatorSeesWhatTheBridgeWouldWriteToEachSideOfAPastedPairWithoutAWrite() {
        String issue = """
                {"id": "63011", "key": "OPS-9311", "fields": {
                  "issuetype": {"name": "Work Package", "subtask": false}, "project": {"key": "OPS"}, "labels": [],
                  "status": {"name": "To Do", "statusCategory": {"key": "new"}}, "priority": {"name": "Medium"},
                  "summary": "Printer jam on floor 3", "assignee": null, "resolution": null,
                  "created": "2026-11-30T08:00:00.000+0000", "updated": "2026-11-30T09:30:00.000+0000"}}""";
        String record = """
                {"result": {"sys_id": "9d385017c611228701d22104cc95c371", "number": "INC0093011", "state": "1",
                  "priority": "3", "short_description": "Printer jam", "assigned_to": "",
                  "assignment_group": "d625dccec0a8016700a222a0f7900d06", "category": "",
                  "opened_at": "2026-11-30 08:00:00", "sys_updated_on": "2026-11-30 08:05:00",
                  "sys_mod_count": "1", "sys_updated_by": "alice.ops"}}""";
        long auditBefore = audit.latest(1).stream().mapToLong(e -> e.id()).max().orElse(0);
        long outboxBefore = outboxRows();

        signIn("vera", "viewer-password");
        open("/mappings");
        waitFor(By.id("preview"));
        assertThat(browser.findElements(By.id("dry-run"))).as("a viewer gets no dry-run form").isEmpty();
        browser.manage().deleteAllCookies();
        browser.get("about:blank");

        signIn("otto", "operator-password");
        open("/mappings");
        paste(waitFor(By.id("dry-run-issue")), issue);
        paste(browser.findElement(By.id("dry-run-record")), record);
        browser.findElement(By.id("dry-run-button")).click();

        WebElement result = waitFor(By.id("dry-run-result"));
        // The answer is where the page opens after the post, not at the top of the long page.
        assertThat(browser.getCurrentUrl()).endsWith("/mappings/dry-run#dry-run-answer");
        screenshot("dry-run");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        scrollTo("dry-run-answer");
        screenshot("dry-run-phone");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        assertThat(result.getText()).contains("OPS-9311", "INC0093011");
        assertThat(browser.findElements(By.cssSelector("#dry-run-fields tbody tr")).stream()
                .filter(row -> row.findElement(By.className("field")).getText().equals("summary"))
                .map(row -> row.findElement(By.className("outcome")).getText()))
                .containsExactly("write to servicenow");
        assertThat(browser.findElement(By.id("dry-run-to-servicenow")).getText())
                .contains("PATCH /api/now/table/incident/9d385017c611228701d22104cc95c371",
                        "\"short_description\" : \"Printer jam on floor 3\"");
        // The form keeps what was pasted, for another try.
        assertThat(browser.findElement(By.id("dry-run-issue")).getAttribute("value")).contains("OPS-9311");

        paste(browser.findElement(By.id("dry-run-issue")), "{\"key\": ");
        browser.findElement(By.id("dry-run-button")).click();
        WebElement error = waitFor(By.id("dry-run-error"));
        screenshot("dry-run-error");
        assertThat(error.getText()).startsWith("The pasted Jira issue is not JSON");
        assertThat(browser.findElements(By.id("dry-run-result"))).isEmpty();

        assertThat(outboxRows()).as("no write command queued").isEqualTo(outboxBefore);
        assertThat(audit.latest(20).stream().filter(e -> e.id() > auditBefore)).as("nothing written").isEmpty();
    }

    private void paste(WebElement field, String text) {
        // Typing a long JSON text key by key is slow and fights the field's auto-indent; set it as a paste would.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field,
                text);
    }

    private void scrollTo(String id) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById(arguments[0]).scrollIntoView();", id);
    }

    private long outboxRows() {
        return org.springframework.jdbc.core.simple.JdbcClient.create(dataSource)
                .sql("select count(*) from outbox").query(Long.class).single();
    }

    private static WorkItem item(String id, WorkItemKind kind, SourceSystem system, String entity, String nativeId,
                                 String key, String title, CanonicalStatus status, WorkPackageAttributes workPackage) {
        return new WorkItem(id, kind, new SourceRef(system, entity, nativeId, key, null, 1, T0), title, null, status,
                status.name(), Severity.SEV2, "2", null, null, null, "payments", null, null, Set.of(), T0, T0, null,
                null, workPackage);
    }
}
