package io.scrumops.bridge.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.mapping.ReleaseMappingRegistry;
import io.scrumops.bridge.model.BlockingItem;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CriterionOutcome;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.DeploymentRepository;
import io.scrumops.bridge.store.OutboxRepository;
import io.scrumops.bridge.store.ReleaseRepository;
import io.scrumops.bridge.store.TestDatabase;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.writeback.MutableClock;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gates against a real PostgreSQL: evidence read by SQL, verdicts stored, history kept, commands queued. */
class GateServiceStoreTest {

    private static final String RELEASE = "jira:version:10000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-10T09:00:00Z"));
    private final WorkItemRepository workItems = new WorkItemRepository(TestDatabase.dataSource());
    private final DeploymentRepository deployments = new DeploymentRepository(TestDatabase.dataSource());
    private final GateStateRepository states = new GateStateRepository(TestDatabase.dataSource());
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
    private final ReleaseRepository releases = new ReleaseRepository(TestDatabase.dataSource());
    private GateService gates;

    @BeforeEach
    void setUp() throws IOException {
        TestDatabase.truncate("release", "release_item", "release_change_request_claim", "work_item", "deployment", "gate_state", "gate_history",
                "gate_sign_off", "gate_remote_result", "outbox", "audit_log");
        Files.writeString(dir.resolve("releases.yaml"), """
                products:
                  Payments:
                    jira: { projects: [PAY], epics: { "2026.12": PAY-1 } }
                    serviceNow:
                      changeRequestServices: [ci-payments]
                      releaseField: correlation_display
                      verdictField: u_gate_verdict
                      incidentTeams: [payments-ops]
                    deployments: { services: [payments-api] }
                    phases:
                      - name: SIT
                        days: 5
                        exit: { criteria: [ { kind: noOpenDefects, severity: SEV2 } ] }
                      - name: UAT
                        days: 5
                        entry: { criteria: [ { kind: deployedTo, environment: uat } ] }
                        exit:
                          criteria:
                            - { kind: testExecutionComplete, issueType: Test Execution, passValues: [Passed] }
                            - { kind: allStoriesDone }
                      - name: RELEASE
                        days: 2
                        entry: { criteria: [ { kind: noOpenIncidents }, { kind: changeApproved } ] }
                        exit: { criteria: [ { kind: signOff } ] }
                """);
        gates = new GateService(new ReleaseMappingRegistry(dir.toString()), releases,
                states, new GateEvidenceRepository(TestDatabase.dataSource(), new GateLinks("https://jira.example", "https://sn.example")),
                new WriteCommandQueue(new OutboxRepository(TestDatabase.dataSource())),
                new AuditLogRepository(TestDatabase.dataSource()), clock);
    }

    private long updates = 0;

    private WorkItem issue(String nativeId, String key, WorkItemKind kind, Severity severity, CanonicalStatus status,
                           String sourceStatus) {
        Instant at = clock.instant().plusSeconds(++updates);
        return new WorkItem("jira:issue:" + nativeId, kind, new SourceRef(SourceSystem.JIRA, "issue", nativeId, key,
                null, at.toEpochMilli(), at), key + " title", null, status, sourceStatus, severity, null,
                FlowType.DEFECT, null, null, null, null, null, null, clock.instant(), at, null, null, null);
    }

    private JsonNode issueJson(String nativeId, String key, String type) {
        return JSON.valueToTree(Map.of("id", nativeId, "key", key, "fields", Map.of(
                "project", Map.of("key", "PAY"), "issuetype", Map.of("name", type),
                "fixVersions", List.of(Map.of("id", "10000", "name", "2026.12", "releaseDate", "2026-12-20",
                        "released", false, "archived", false)))));
    }

    private void store(WorkItem item, String type, String actor) {
        workItems.upsert(item);
        gates.jiraIssueApplied(item, issueJson(item.source().nativeId(), item.source().key(), type), actor);
    }

    private GateEvaluation state(String gate) {
        return gates.states(RELEASE).get(gate);
    }

    private List<String> outboxTypes() {
        return jdbc.sql("select command_type from outbox order by id").query(String.class).list();
    }

    @Test
    void theSitExitUnblocksWhenTheLastSev2DefectIsResolvedAndOnlyVerdictChangesWrite() {
        store(issue("2", "PAY-2", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.IN_PROGRESS, "In Progress"), "Bug", "dev");
        store(issue("3", "PAY-3", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open"), "Bug", "dev");

        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(state("sit-exit").criteria().get(0).blocking()).extracting(BlockingItem::key, BlockingItem::url)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PAY-2", "https://jira.example/browse/PAY-2"),
                        org.assertj.core.groups.Tuple.tuple("PAY-3", "https://jira.example/browse/PAY-3"));
        int writesWhileBlocked = outboxTypes().size();

        store(issue("3", "PAY-3", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.DONE, "Done"), "Bug", "qa");
        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(state("sit-exit").criteria().get(0).blocking()).extracting(BlockingItem::key).containsExactly("PAY-2");
        assertThat(outboxTypes()).hasSize(writesWhileBlocked);

        store(issue("2", "PAY-2", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.DONE, "Done"), "Bug", "qa");

        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.PASSED);
        List<GateHistoryEntry> sitHistory = states.history(RELEASE).stream()
                .filter(h -> h.gateId().equals("sit-exit")).toList();
        assertThat(sitHistory).extracting(GateHistoryEntry::from, GateHistoryEntry::to, GateHistoryEntry::cause,
                GateHistoryEntry::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, GateVerdict.BLOCKED, "jira:issue:2", "dev"),
                org.assertj.core.groups.Tuple.tuple(GateVerdict.BLOCKED, GateVerdict.PASSED, "jira:issue:2", "qa"));
        assertThat(outboxTypes().subList(writesWhileBlocked, outboxTypes().size()))
                .containsExactly("JiraVersionVerdict", "JiraComment");
    }

    @Test
    void verdictsMovedTogetherAreRecordedInGateOrderEachWithItsOwnWriteBackOnce() {
        // the first issue creates the release: each of its five gates gets its first verdict in this one change
        store(issue("40", "PAY-40", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open"), "Bug", "dev");

        List<GateHistoryEntry> history = states.history(RELEASE);
        assertThat(history).extracting(GateHistoryEntry::gateId, GateHistoryEntry::from, GateHistoryEntry::to,
                GateHistoryEntry::cause, GateHistoryEntry::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sit-exit", null, GateVerdict.BLOCKED, "jira:issue:40", "dev"),
                org.assertj.core.groups.Tuple.tuple("uat-entry", null, GateVerdict.BLOCKED, "jira:issue:40", "dev"),
                org.assertj.core.groups.Tuple.tuple("uat-exit", null, GateVerdict.BLOCKED, "jira:issue:40", "dev"),
                org.assertj.core.groups.Tuple.tuple("release-entry", null, GateVerdict.BLOCKED, "jira:issue:40", "dev"),
                org.assertj.core.groups.Tuple.tuple("release-exit", null, GateVerdict.BLOCKED, "jira:issue:40", "dev"));
        assertThat(history.get(0).reason())
                .isEqualTo("No open defects at or above SEV2: 1 open defect(s) at or above SEV2 (PAY-40)");
        List<String> expectedKeys = new java.util.ArrayList<>();
        history.forEach(h -> {
            expectedKeys.add("gate-verdict:" + h.id() + ":jira-version");
            expectedKeys.add("gate-verdict:" + h.id() + ":jira-epic");
        });
        assertThat(jdbc.sql("select idempotency_key from outbox order by id").query(String.class).list())
                .containsExactlyElementsOf(expectedKeys);
        assertThat(outboxTypes()).hasSize(10);

        // the same issue stored again moves no verdict: nothing more is recorded or queued
        store(issue("40", "PAY-40", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        assertThat(states.history(RELEASE)).hasSize(5);
        assertThat(outboxTypes()).hasSize(10);
    }

    @Test
    void theStoredEvaluationKeepsCountsAndTheOpenItemsAreReadFromTheMembershipsWhenShown() {
        store(issue("70", "PAY-70", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        store(issue("71", "PAY-71", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress"), "Story", "dev");

        String stored = jdbc.sql("select evaluation::text from gate_state where release_id = :r and gate_id = 'sit-exit'")
                .param("r", RELEASE).query(String.class).single();
        assertThat(stored).contains("1 open defect(s) at or above SEV2").doesNotContain("PAY-70");
        assertThat(state("sit-exit").criteria().get(0).blocking()).extracting(BlockingItem::key).containsExactly("PAY-70");
        assertThat(state("uat-exit").criteria().get(1).blocking()).extracting(BlockingItem::key).containsExactly("PAY-71");
        // the verdict change was recorded with the items behind it
        assertThat(states.history(RELEASE).stream().filter(h -> h.gateId().equals("sit-exit")).findFirst()
                .orElseThrow().reason()).isEqualTo("No open defects at or above SEV2: 1 open defect(s) at or above SEV2 (PAY-70)");
    }

    @Test
    void aSev3DefectDoesNotBlockAndAnIssueOutsideTheReleaseIsIgnored() {
        store(issue("4", "PAY-4", WorkItemKind.DEFECT, Severity.SEV3, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        WorkItem other = issue("5", "PAY-5", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open");
        workItems.upsert(other);
        gates.jiraIssueApplied(other, JSON.valueToTree(Map.of("id", "5", "key", "PAY-5", "fields", Map.of(
                "project", Map.of("key", "PAY"), "issuetype", Map.of("name", "Bug"), "fixVersions", List.of()))), "dev");

        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void anIssueMovedToAnotherVersionLeavesTheReleaseAndUnblocksIt() {
        store(issue("6", "PAY-6", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);

        WorkItem moved = issue("6", "PAY-6", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open");
        workItems.upsert(moved);
        gates.jiraIssueApplied(moved, JSON.valueToTree(Map.of("id", "6", "key", "PAY-6", "fields", Map.of(
                "project", Map.of("key", "PAY"), "issuetype", Map.of("name", "Bug"),
                "fixVersions", List.of(Map.of("id", "10001", "name", "2027.01"))))), "pm");

        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(gates.states("jira:version:10001").get("sit-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);
    }

    @Test
    void testExecutionsAndStoriesDecideTheUatExit() {
        store(issue("7", "PAY-7", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Failed"), "Test Execution", "qa");
        store(issue("8", "PAY-8", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress"), "Story", "dev");
        GateEvaluation blocked = state("uat-exit");
        assertThat(blocked.criteria()).extracting(CriterionOutcome::reason)
                .containsExactly("1 of 1 not passed", "1 story(ies) not done");

        store(issue("7", "PAY-7", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Passed"), "Test Execution", "qa");
        store(issue("8", "PAY-8", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "dev");

        assertThat(state("uat-exit").verdict()).isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void aSuccessfulDeploymentOfTheVersionToUatCompletesTheUatEntry() {
        store(issue("9", "PAY-9", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "dev");
        assertThat(state("uat-entry").verdict()).isEqualTo(GateVerdict.BLOCKED);

        Deployment toStaging = deployment("d1", "staging", "v2026.12");
        deployments.upsert(toStaging);
        gates.deploymentApplied(toStaging);
        Deployment otherVersion = deployment("d2", "uat", "v2026.11");
        deployments.upsert(otherVersion);
        gates.deploymentApplied(otherVersion);
        assertThat(state("uat-entry").verdict()).isEqualTo(GateVerdict.BLOCKED);

        Deployment toUat = deployment("d3", "uat", "v2026.12");
        deployments.upsert(toUat);
        gates.deploymentApplied(toUat);

        assertThat(state("uat-entry").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(states.history(RELEASE)).last().extracting(GateHistoryEntry::cause).isEqualTo("deploy:d3");
    }

    private Deployment deployment(String id, String environment, String ref) {
        Instant at = clock.instant();
        return new Deployment("deploy:" + id, new SourceRef(SourceSystem.GENERIC, "deployment", id, null, null, 1, at),
                "payments-api", environment, EnvironmentType.STAGING, DeploymentStatus.SUCCESS, at, at, ref, null, null);
    }

    @Test
    void anOpenSev1IncidentOfTheProductTeamBlocksTheReleaseEntryUntilResolved() {
        store(issue("10", "PAY-10", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "dev");
        WorkItem incident = incident(CanonicalStatus.IN_PROGRESS);
        workItems.upsert(incident);
        gates.serviceNowApplied(incident, "incident", "{}", "ops");
        assertThat(state("release-entry").criteria().get(0).blocking()).extracting(BlockingItem::key, BlockingItem::url)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("INC0010001",
                        "https://sn.example/nav_to.do?uri=incident.do?sys_id=inc1"));

        WorkItem resolved = incident(CanonicalStatus.RESOLVED);
        workItems.upsert(resolved);
        gates.serviceNowApplied(resolved, "incident", "{}", "ops");
        assertThat(state("release-entry").criteria().get(0).blocking()).isEmpty();
    }

    private WorkItem incident(CanonicalStatus status) {
        Instant at = clock.instant().plusSeconds(++updates);
        return new WorkItem("servicenow:incident:inc1", WorkItemKind.INCIDENT, new SourceRef(SourceSystem.SERVICENOW,
                "incident", "inc1", "INC0010001", null, updates, at), "Payments down", null, status, "2",
                Severity.SEV1, "1", FlowType.DEFECT, null, "payments-ops", "payments-ops", null, null, null,
                clock.instant(), at, null, null, null);
    }

    @Test
    void theChangeRequestNamingTheVersionJoinsTheReleaseAndItsApprovalOpensTheGate() {
        store(issue("11", "PAY-11", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "dev");
        changeRequest("requested");
        GateEvaluation waiting = state("release-entry");
        assertThat(waiting.verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(waiting.criteria().get(1).reason()).isEqualTo("CHG0030001 is requested");

        int before = outboxTypes().size();
        changeRequest("approved");

        assertThat(state("release-entry").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(outboxTypes().subList(before, outboxTypes().size())).containsExactly("JiraVersionVerdict",
                "JiraComment", "ServiceNowJournalEntry", "ServiceNowUpdate");
        String field = jdbc.sql("select payload::text from outbox where command_type = 'ServiceNowUpdate' order by id desc limit 1")
                .query(String.class).single();
        assertThat(field).contains("\"u_gate_verdict\"").contains("release-entry=PASSED").contains("\"sysId\": \"chg1\"");
    }

    private void changeRequest(String approval) {
        changeRequest(approval, true);
    }

    /** @param ofService whether the change request names the product's configuration item besides the version */
    private void changeRequest(String approval, boolean ofService) {
        Instant at = clock.instant().plusSeconds(++updates);
        WorkItem change = new WorkItem("servicenow:change_request:chg1", WorkItemKind.CHANGE,
                new SourceRef(SourceSystem.SERVICENOW, "change_request", "chg1", "CHG0030001", null, updates, at),
                "Release 2026.12", null, CanonicalStatus.IN_PROGRESS, "-3", null, null, FlowType.FEATURE, null, null,
                null, null, null, null, clock.instant(), at, null, null, null);
        workItems.upsert(change);
        gates.serviceNowApplied(change, "change_request", """
                {"result": {"sys_id": "chg1", "number": "CHG0030001", "approval": "%s",
                            "correlation_display": "2026.12"%s}}
                """.formatted(approval, ofService ? ", \"cmdb_ci\": {\"value\": \"ci-payments\", \"link\": \"x\"}" : ""),
                "cab");
    }

    @Test
    void aChangeRequestStoredBeforeItsVersionIsKnownJoinsTheReleaseWhenTheFirstIssueCreatesIt() {
        changeRequest("requested", false);
        assertThat(releases.findById(RELEASE)).isEmpty();

        store(issue("40", "PAY-40", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        assertThat(releases.findById(RELEASE).orElseThrow().changeRequestId())
                .isEqualTo("servicenow:change_request:chg1");
        assertThat(state("release-entry").criteria().get(1).reason()).isEqualTo("CHG0030001 is requested");
        int before = outboxTypes().size();

        store(issue("40", "PAY-40", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.DONE, "Done"), "Bug", "qa");

        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(outboxTypes().subList(before, outboxTypes().size())).containsExactly("JiraVersionVerdict",
                "JiraComment", "ServiceNowJournalEntry", "ServiceNowUpdate");
    }

    /**
     * Two consumers store issues of one new version at once: the one whose batch also links the change request
     * commits first, the other has read no release before that. The release must keep its change request, and the
     * verdict change goes to it.
     */
    @Test
    void aReleaseCreatedByTwoBatchesAtOnceKeepsTheChangeRequestTheFirstLinked() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource()));
        WorkItem first = issue("51", "PAY-51", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.IN_PROGRESS, "In Progress");
        WorkItem second = issue("52", "PAY-52", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open");
        CountDownLatch linked = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            Future<?> linking = consumers.submit(() -> tx.executeWithoutResult(s -> {
                store(second, "Bug", "dev");
                changeRequest("requested", false);
                linked.countDown();
                awaitLatch(commit);
            }));
            assertThat(linked.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> other = consumers.submit(() -> tx.executeWithoutResult(s -> store(first, "Bug", "dev")));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "select count(*) from pg_locks where not granted").query(Long.class).single() > 0);
            commit.countDown();
            linking.get(30, TimeUnit.SECONDS);
            other.get(30, TimeUnit.SECONDS);
        } finally {
            consumers.shutdownNow();
        }
        assertThat(releases.findById(RELEASE).orElseThrow().changeRequestId())
                .isEqualTo("servicenow:change_request:chg1");
        assertThat(state("sit-exit").criteria().get(0).blocking()).extracting(BlockingItem::key)
                .containsExactly("PAY-51", "PAY-52");
        int before = outboxTypes().size();

        store(issue("52", "PAY-52", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.DONE, "Done"), "Bug", "qa");
        store(issue("51", "PAY-51", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.DONE, "Done"), "Bug", "qa");

        assertThat(state("sit-exit").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(outboxTypes().subList(before, outboxTypes().size())).containsExactly("JiraVersionVerdict",
                "JiraComment", "ServiceNowJournalEntry", "ServiceNowUpdate");
    }

    @Test
    void aReleaseWrittenWithoutItsChangeRequestKeepsTheStoredLink() {
        store(issue("60", "PAY-60", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "dev");
        changeRequest("requested", false);
        io.scrumops.bridge.model.Release linked = releases.findById(RELEASE).orElseThrow();
        assertThat(linked.changeRequestId()).isEqualTo("servicenow:change_request:chg1");

        // a writer that read the release before the link was committed (a new release date from the version list)
        releases.upsert(new io.scrumops.bridge.model.Release(linked.id(), linked.source(), linked.name(),
                linked.product(), linked.currentPhase(), linked.phases(), Instant.parse("2026-12-24T00:00:00Z"),
                false, false, null, linked.epicKey()));

        io.scrumops.bridge.model.Release after = releases.findById(RELEASE).orElseThrow();
        assertThat(after.releaseDate()).isEqualTo(Instant.parse("2026-12-24T00:00:00Z"));
        assertThat(after.changeRequestId()).isEqualTo("servicenow:change_request:chg1");
        assertThat(releases.findByChangeRequest("servicenow:change_request:chg1")).map(r -> r.id()).hasValue(RELEASE);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSignOffPassesTheReleaseExitAndItsWithdrawalBlocksItAgainAudited() {
        store(issue("12", "PAY-12", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "dev");
        assertThat(state("release-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);

        assertThat(gates.signOff(RELEASE, "release-exit", "rita", "report signed"))
                .isEqualTo(GateService.SignOffOutcome.SIGNED);
        assertThat(state("release-exit").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(state("release-exit").criteria().get(0).reason()).startsWith("signed off by rita at ");

        clock.advance(Duration.ofMinutes(5));
        assertThat(gates.withdraw(RELEASE, "release-exit", "rita", "report reopened"))
                .isEqualTo(GateService.SignOffOutcome.WITHDRAWN);
        assertThat(state("release-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(states.history(RELEASE).stream().filter(h -> h.gateId().equals("release-exit")).toList())
                .extracting(GateHistoryEntry::to, GateHistoryEntry::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(GateVerdict.BLOCKED, "dev"),
                        org.assertj.core.groups.Tuple.tuple(GateVerdict.PASSED, "rita"),
                        org.assertj.core.groups.Tuple.tuple(GateVerdict.BLOCKED, "rita"));
        assertThat(jdbc.sql("select actor || ' ' || action from audit_log order by id").query(String.class).list())
                .containsExactly("rita gate-sign-off", "rita gate-sign-off-withdrawn");
        assertThat(gates.withdraw(RELEASE, "release-exit", "rita", null)).isEqualTo(GateService.SignOffOutcome.NOT_SIGNED);
        assertThat(gates.signOff(RELEASE, "sit-exit", "rita", null))
                .isEqualTo(GateService.SignOffOutcome.NO_SIGN_OFF_CRITERION);
        assertThat(gates.signOff(RELEASE, "nope", "rita", null)).isEqualTo(GateService.SignOffOutcome.NO_SUCH_GATE);
    }

    @Test
    void aFullEvaluationWithNothingChangedWritesNothing() {
        store(issue("13", "PAY-13", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        int writes = outboxTypes().size();
        int history = states.history(RELEASE).size();

        assertThat(gates.evaluateAll("scheduled evaluation")).isZero();

        assertThat(outboxTypes()).hasSize(writes);
        assertThat(states.history(RELEASE)).hasSize(history);
    }

    @Test
    void singleChangesPatchTheStoredBlockingListToWhatAFullEvaluationFinds() {
        store(issue("20", "PAY-20", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        store(issue("21", "PAY-21", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.IN_PROGRESS, "In Progress"), "Bug", "dev");
        store(issue("22", "PAY-22", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open"), "Bug", "dev");
        store(issue("30", "PAY-30", WorkItemKind.STORY, null, CanonicalStatus.NEW, "Open"), "Story", "dev");
        store(issue("31", "PAY-31", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress"), "Story", "dev");
        store(issue("32", "PAY-32", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Passed"),
                "Test Execution", "dev");
        int history = states.history(RELEASE).size();
        int writes = outboxTypes().size();

        store(issue("30", "PAY-30", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done"), "Story", "qa");
        store(issue("21", "PAY-21", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.DONE, "Done"), "Bug", "qa");
        store(issue("19", "PAY-19", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open"), "Bug", "qa");
        store(issue("22", "PAY-22", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.IN_PROGRESS, "In Progress"), "Bug", "qa");

        List<BlockingItem> expected = List.of(
                new BlockingItem("jira:issue:19", "PAY-19", "PAY-19 title", "Open", "https://jira.example/browse/PAY-19"),
                new BlockingItem("jira:issue:20", "PAY-20", "PAY-20 title", "Open", "https://jira.example/browse/PAY-20"),
                new BlockingItem("jira:issue:22", "PAY-22", "PAY-22 title", "In Progress",
                        "https://jira.example/browse/PAY-22"));
        CriterionOutcome patched = state("sit-exit").criteria().get(0);
        assertThat(patched.blocking()).isEqualTo(expected);
        assertThat(patched.reason()).isEqualTo("3 open defect(s) at or above SEV2");
        assertThat(states.history(RELEASE)).hasSize(history);
        assertThat(outboxTypes()).hasSize(writes);

        List<CriterionOutcome> patchedUat = state("uat-exit").criteria();
        assertThat(patchedUat.get(1).blocking()).containsExactly(new BlockingItem("jira:issue:31", "PAY-31",
                "PAY-31 title", "In Progress", "https://jira.example/browse/PAY-31"));
        assertThat(patchedUat.get(1).reason()).isEqualTo("1 story(ies) not done");
        assertThat(patchedUat.get(0).reason()).isEqualTo("1 of 1 passed");

        jdbc.sql("delete from gate_state where release_id = :r").param("r", RELEASE).update();
        gates.evaluateAll("full evaluation");
        CriterionOutcome full = state("sit-exit").criteria().get(0);
        assertThat(full.blocking()).isEqualTo(expected);
        assertThat(full).isEqualTo(patched);
        assertThat(state("uat-exit").criteria()).isEqualTo(patchedUat);
    }
}
