package io.scrumops.bridge.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.mapping.ReleaseMappingRegistry;
import io.scrumops.bridge.model.BlockingItem;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.AuditLogRepository;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence counts PostgreSQL keeps per release (release_evidence, V62): moved by the statement that stores an item
 * or a membership, equal to a recount from the items, and what lets a change that moves no evidence skip evaluation.
 */
class ReleaseEvidenceCountsTest {

    private static final String A = "jira:version:20000";
    private static final String B = "jira:version:20001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-10T09:00:00Z"));
    private final WorkItemRepository workItems = new WorkItemRepository(TestDatabase.dataSource());
    private final GateStateRepository states = new GateStateRepository(TestDatabase.dataSource());
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
    private long updates = 0;

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("release", "release_item", "work_item", "release_evidence", "gate_state", "gate_history",
                "gate_sign_off", "gate_remote_result", "outbox", "audit_log");
    }

    private WorkItem issue(String nativeId, WorkItemKind kind, Severity severity, CanonicalStatus status,
                           String sourceStatus, String title) {
        Instant at = clock.instant().plusSeconds(++updates);
        return new WorkItem("jira:issue:" + nativeId, kind, new SourceRef(SourceSystem.JIRA, "issue", nativeId,
                "PAY-" + nativeId, null, at.toEpochMilli(), at), title, null, status, sourceStatus, severity, null,
                FlowType.DEFECT, null, null, null, null, null, null, clock.instant(), at, null, null, null);
    }

    /** The kept counts of a release (revisions left out), by input. */
    private Map<String, Long> kept(String release) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("select input, count from release_evidence where release_id = :r and input not like 'revision:%'"
                        + " and count <> 0")
                .param("r", release).query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    private Map<String, Long> recount(String release) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("select input, count from release_evidence_recount(:r)")
                .param("r", release).query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    private Long revision(String release, String itemClass) {
        return jdbc.sql("select count from release_evidence where release_id = :r and input = :i")
                .param("r", release).param("i", "revision:" + itemClass).query(Long.class).optional().orElse(null);
    }

    @Test
    void aDefectMovingToAnotherReleaseMovesItsCountWithIt() {
        workItems.upsert(issue("1", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.IN_PROGRESS, "In Progress", "t"));
        states.replaceMemberships("jira:issue:1", List.of(A), "Bug", Map.of());
        assertThat(kept(A)).isEqualTo(Map.of("defect:SEV2", 1L, "type:bug:in progress", 1L));

        states.replaceMemberships("jira:issue:1", List.of(B), "Bug", Map.of());

        assertThat(kept(A)).isEmpty();
        assertThat(kept(B)).isEqualTo(Map.of("defect:SEV2", 1L, "type:bug:in progress", 1L));
        assertThat(jdbc.sql("select release_id, open_input from release_item").query().listOfRows())
                .containsExactly(Map.of("release_id", B, "open_input", "defect:SEV2"));
    }

    @Test
    void aSeverityChangeMovesTheDefectBetweenSeverities() {
        workItems.upsert(issue("2", WorkItemKind.DEFECT, Severity.SEV3, CanonicalStatus.NEW, "Open", "t"));
        states.replaceMemberships("jira:issue:2", List.of(A), "Bug", Map.of());
        assertThat(kept(A)).containsEntry("defect:SEV3", 1L).doesNotContainKey("defect:SEV1");

        workItems.upsert(issue("2", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open", "t"));

        assertThat(kept(A)).isEqualTo(Map.of("defect:SEV1", 1L, "type:bug:open", 1L));
    }

    @Test
    void aReopenedStoryCountsAsOpenAgainAndAResolvedOneNoLonger() {
        workItems.upsert(issue("3", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress", "t"));
        states.replaceMemberships("jira:issue:3", List.of(A), "Story", Map.of());
        assertThat(kept(A)).containsEntry("story", 1L);

        workItems.upsert(issue("3", WorkItemKind.STORY, null, CanonicalStatus.DONE, "Done", "t"));
        assertThat(kept(A)).isEqualTo(Map.of("type:story:done", 1L));

        workItems.upsert(issue("3", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "Reopened", "t"));
        assertThat(kept(A)).isEqualTo(Map.of("story", 1L, "type:story:reopened", 1L));
    }

    @Test
    void theKeptCountsEqualARecountAfterMovesTypeChangesAndDeletes() {
        workItems.upsert(issue("10", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open", "t"));
        workItems.upsert(issue("11", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress", "t"));
        workItems.upsert(issue("12", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Failed", "t"));
        states.replaceMemberships("jira:issue:10", List.of(A, B), "Bug", Map.of());
        states.replaceMemberships("jira:issue:11", List.of(A), "Story", Map.of());
        states.replaceMemberships("jira:issue:12", List.of(A), "Test Execution", Map.of());
        // membership before the item is stored
        states.replaceMemberships("jira:issue:13", List.of(A), "Test Execution", Map.of());
        workItems.upsert(issue("13", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Passed", "t"));
        assertThat(kept(A)).containsEntry("type:test execution:passed", 1L);
        workItems.upsert(issue("12", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Passed", "t"));
        states.replaceMemberships("jira:issue:11", List.of(B), "Story", Map.of());
        states.replaceMemberships("jira:issue:12", List.of(A), "Task", Map.of());
        workItems.upsert(issue("10", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.DONE, "Done", "t"));
        jdbc.sql("delete from work_item where id = 'jira:issue:13'").update();
        workItems.upsert(issue("14", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open", "t"));
        states.replaceMemberships("jira:issue:14", List.of(A), "Bug", Map.of());

        assertThat(kept(A)).isEqualTo(Map.of("defect:SEV2", 1L, "type:bug:open", 1L, "type:bug:done", 1L,
                "type:task:passed", 1L));
        assertThat(kept(B)).isEqualTo(Map.of("story", 1L, "type:story:in progress", 1L, "type:bug:done", 1L));
        assertThat(kept(A)).isEqualTo(recount(A));
        assertThat(kept(B)).isEqualTo(recount(B));
    }

    @Test
    void aTitleChangeMovesTheRevisionButNoCountAndAnUnrelatedChangeMovesNeither() {
        workItems.upsert(issue("20", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open", "first"));
        states.replaceMemberships("jira:issue:20", List.of(A), "Bug", Map.of());
        Long before = revision(A, "defect");
        Map<String, Long> counts = kept(A);

        workItems.upsert(issue("20", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open", "second"));
        Long renamed = revision(A, "defect");
        Long typeRenamed = revision(A, "type:bug");
        assertThat(renamed).isNotNull().isGreaterThan(before);
        assertThat(kept(A)).isEqualTo(counts);

        // same item again, only its source time moved: nothing a gate shows changed
        workItems.upsert(issue("20", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open", "second"));
        assertThat(revision(A, "defect")).isEqualTo(renamed);
        // the membership stored again as it is
        states.replaceMemberships("jira:issue:20", List.of(A), "Bug", Map.of());
        assertThat(revision(A, "defect")).isEqualTo(renamed);
        assertThat(revision(A, "type:bug")).isEqualTo(typeRenamed);
    }

    private GateService gates() throws IOException {
        Files.writeString(dir.resolve("releases.yaml"), """
                products:
                  Payments:
                    jira: { projects: [PAY] }
                    phases:
                      - name: SIT
                        days: 5
                        exit:
                          criteria:
                            - { kind: noOpenDefects, severity: SEV2 }
                            - { kind: testExecutionComplete, issueType: Test Execution, passValues: [Passed] }
                      - name: UAT
                        days: 5
                        exit: { criteria: [ { kind: allStoriesDone }, { kind: signOff } ] }
                """);
        return new GateService(new ReleaseMappingRegistry(dir.toString()), new ReleaseRepository(TestDatabase.dataSource()),
                states, new GateEvidenceRepository(TestDatabase.dataSource(), new GateLinks("https://jira.example", "https://sn.example")),
                new WriteCommandQueue(new OutboxRepository(TestDatabase.dataSource())),
                new AuditLogRepository(TestDatabase.dataSource()), clock);
    }

    private JsonNode issueJson(WorkItem item, String type) {
        return JSON.valueToTree(Map.of("id", item.source().nativeId(), "key", item.source().key(), "fields", Map.of(
                "project", Map.of("key", "PAY"), "issuetype", Map.of("name", type),
                "fixVersions", List.of(Map.of("id", "20000", "name", "2026.12", "releaseDate", "2026-12-20",
                        "released", false, "archived", false)))));
    }

    private java.sql.Timestamp evaluatedAt(String gate) {
        return jdbc.sql("select evaluated_at from gate_state where release_id = :r and gate_id = :g")
                .param("r", A).param("g", gate).query(java.sql.Timestamp.class).single();
    }

    @Test
    void aChangeThatMovesNoEvidenceEvaluatesNothingAndTheFullPassKeepsTheBlockingItems() throws IOException {
        GateService gates = gates();
        WorkItem defect = issue("30", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open", "crash");
        workItems.upsert(defect);
        gates.jiraIssueApplied(defect, issueJson(defect, "Bug"), "dev");
        WorkItem test = issue("31", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Failed", "login test");
        workItems.upsert(test);
        gates.jiraIssueApplied(test, issueJson(test, "Test Execution"), "qa");
        assertThat(gates.states(A).get("sit-exit").verdict()).isEqualTo(GateVerdict.BLOCKED);
        var sitBefore = gates.states(A).get("sit-exit");
        java.sql.Timestamp at = evaluatedAt("sit-exit");
        long history = states.history(A).size();

        clock.advance(java.time.Duration.ofMinutes(5));
        WorkItem sameAgain = issue("30", WorkItemKind.DEFECT, Severity.SEV1, CanonicalStatus.NEW, "Open", "crash");
        workItems.upsert(sameAgain);
        gates.jiraIssueApplied(sameAgain, issueJson(sameAgain, "Bug"), "dev");
        assertThat(evaluatedAt("sit-exit")).isEqualTo(at);

        assertThat(gates.evaluateAll("schedule")).isZero();
        assertThat(gates.states(A).get("sit-exit")).isEqualTo(sitBefore);
        assertThat(gates.states(A).get("sit-exit").criteria()).extracting(c -> c.reason())
                .containsExactly("1 open defect(s) at or above SEV2", "1 of 1 not passed");
        assertThat(gates.states(A).get("sit-exit").criteria().get(1).blocking()).extracting(BlockingItem::key)
                .containsExactly("PAY-31");
        assertThat(states.history(A)).hasSize((int) history);

        // the test passes: the gate is judged again on the items, the defect still blocks
        WorkItem passed = issue("31", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Passed", "login test");
        workItems.upsert(passed);
        gates.jiraIssueApplied(passed, issueJson(passed, "Test Execution"), "qa");
        assertThat(gates.states(A).get("sit-exit").criteria()).extracting(c -> c.reason())
                .containsExactly("1 open defect(s) at or above SEV2", "1 of 1 passed");
        assertThat(gates.states(A).get("sit-exit").criteria().get(0).blocking()).extracting(BlockingItem::key)
                .containsExactly("PAY-30");
    }

    @Test
    void theFullPassSeesAnItemChangedOutsideTheGatesAndReadsOnlyWhatMoved() throws IOException {
        GateService gates = gates();
        WorkItem defect = issue("40", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open", "slow");
        workItems.upsert(defect);
        gates.jiraIssueApplied(defect, issueJson(defect, "Bug"), "dev");
        WorkItem story = issue("41", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress", "pay");
        workItems.upsert(story);
        gates.jiraIssueApplied(story, issueJson(story, "Story"), "dev");
        assertThat(gates.states(A).get("sit-exit").criteria()).extracting(c -> c.reason())
                .containsExactly("1 open defect(s) at or above SEV2", "no Test Execution in the release");
        java.sql.Timestamp uatAt = evaluatedAt("uat-exit");

        // resolved by a bulk correction in SQL, not through the inbound pipeline
        jdbc.sql("update work_item set status_category = 'DONE', status = 'DONE' where id = 'jira:issue:40'").update();
        clock.advance(java.time.Duration.ofMinutes(5));

        assertThat(gates.evaluateAll("schedule")).isZero();
        assertThat(gates.states(A).get("sit-exit").criteria()).extracting(c -> c.reason())
                .containsExactly("none", "no Test Execution in the release");
        assertThat(gates.states(A).get("sit-exit").criteria().get(0).blocking()).isEmpty();
        assertThat(gates.states(A).get("uat-exit").criteria().get(0).blocking()).extracting(BlockingItem::key)
                .containsExactly("PAY-41");
        assertThat(evaluatedAt("uat-exit")).isEqualTo(uatAt);
        assertThat(kept(A)).isEqualTo(recount(A));
    }

    @Test
    void aCountLeftBehindByAChangeWithTheTriggersOffIsCorrectedByTheRecountAndTheVerdictFollows() throws IOException {
        GateService gates = gates();
        WorkItem defect = issue("50", WorkItemKind.DEFECT, Severity.SEV2, CanonicalStatus.NEW, "Open", "timeout");
        workItems.upsert(defect);
        gates.jiraIssueApplied(defect, issueJson(defect, "Bug"), "dev");
        WorkItem story = issue("51", WorkItemKind.STORY, null, CanonicalStatus.IN_PROGRESS, "In Progress", "pay");
        workItems.upsert(story);
        gates.jiraIssueApplied(story, issueJson(story, "Story"), "dev");
        WorkItem test = issue("52", WorkItemKind.TASK, null, CanonicalStatus.DONE, "Passed", "login test");
        workItems.upsert(test);
        gates.jiraIssueApplied(test, issueJson(test, "Test Execution"), "qa");
        assertThat(gates.states(A).get("sit-exit").criteria()).extracting(c -> c.reason())
                .containsExactly("1 open defect(s) at or above SEV2", "1 of 1 passed");
        int history = states.history(A).size();

        // resolved as a restore or a replica applies rows: with the triggers off, the kept counts stay behind
        jdbc.sql("""
                do $$ begin
                    set local session_replication_role = replica;
                    update work_item set status_category = 'DONE', status = 'DONE' where id = 'jira:issue:50';
                end $$
                """).update();
        assertThat(kept(A)).containsEntry("defect:SEV2", 1L);
        assertThat(recount(A)).doesNotContainKey("defect:SEV2");
        assertThat(gates.evaluateAll("schedule")).isZero();
        assertThat(gates.states(A).get("sit-exit").criteria().get(0).reason())
                .isEqualTo("1 open defect(s) at or above SEV2");

        assertThat(gates.recountEvidence()).isEqualTo(1);

        assertThat(kept(A)).isEqualTo(recount(A)).doesNotContainKey("defect:SEV2").containsEntry("story", 1L);
        assertThat(jdbc.sql("select count(*) from release_item where open_input is not null and work_item_id = :id")
                .param("id", "jira:issue:50").query(Long.class).single()).isZero();
        assertThat(gates.states(A).get("sit-exit").verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(gates.states(A).get("sit-exit").criteria().get(0).reason()).isEqualTo("none");
        assertThat(gates.states(A).get("uat-exit").criteria().get(0).blocking()).extracting(BlockingItem::key)
                .containsExactly("PAY-51");
        assertThat(states.history(A).subList(history, states.history(A).size()))
                .extracting(GateHistoryEntry::gateId, GateHistoryEntry::from, GateHistoryEntry::to,
                        GateHistoryEntry::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sit-exit", GateVerdict.BLOCKED,
                        GateVerdict.PASSED, "evidence recount"));
        // nothing more to correct
        assertThat(gates.recountEvidence()).isZero();
    }
}
