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

    @Test
    void aViewerFindsAnIncidentsWorkPackageFromItsNumberAndSeesItsPairAndHistory() {
        String incident = "servicenow:incident:4a1c0042";
        String workPackage = "jira:issue:93001";
        items.upsert(item(incident, WorkItemKind.INCIDENT, SourceSystem.SERVICENOW, "incident", "4a1c0042",
                "INC0042001", "Checkout fails for card payments", CanonicalStatus.IN_PROGRESS, null));
        items.upsert(item(workPackage, WorkItemKind.WORK_PACKAGE, SourceSystem.JIRA, "issue", "93001", "OPS-93001",
                "INC0042001 Checkout fails for card payments", CanonicalStatus.IN_PROGRESS,
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
        assertThat(flash.getText()).startsWith("Record " + id + " replayed");
        assertThat(browser.findElements(By.id("q-" + id))).isEmpty();
        assertThat(quarantine.findById(id).orElseThrow().status()).isEqualTo(QuarantineStatus.REPLAYED);
        assertThat(audit.findByEntity(String.valueOf(id))).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.actor()).isEqualTo("otto");
                    assertThat(entry.action()).isEqualTo("quarantine.replayed");
                });
    }

    private static WorkItem item(String id, WorkItemKind kind, SourceSystem system, String entity, String nativeId,
                                 String key, String title, CanonicalStatus status, WorkPackageAttributes workPackage) {
        return new WorkItem(id, kind, new SourceRef(system, entity, nativeId, key, null, 1, T0), title, null, status,
                status.name(), Severity.SEV2, "2", null, null, null, "payments", null, null, Set.of(), T0, T0, null,
                null, workPackage);
    }
}
