package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.BlockingItem;
import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.CriterionOutcome;
import io.scrumops.bridge.model.CriterionState;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.GateKind;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.ReleasePhase;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItemKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GateEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static GateCriterion criterion(CriterionKind kind) {
        return GateCriterion.of(kind.name().toLowerCase(), kind, kind.name());
    }

    private static GateCriterion defects(Severity threshold) {
        return new GateCriterion("defects", CriterionKind.NO_OPEN_DEFECTS, "No defects", threshold, null, null, null,
                null, null, null, null, null);
    }

    private static EvidenceItem item(String key, WorkItemKind kind, Severity severity, boolean done) {
        return new EvidenceItem("jira:issue:" + key, key, "title " + key, kind, severity, done, null, "Open", Map.of(),
                "https://jira.example/browse/" + key);
    }

    private static GateEvaluation judge(GateCriterion criterion, ReleaseEvidence evidence) {
        Gate gate = new Gate("uat-exit", "UAT exit", GateKind.EXIT, List.of(criterion));
        Release release = new Release("jira:version:1", null, "2026.12", "Payments", "UAT",
                List.of(new ReleasePhase("UAT", null, null, null, List.of(gate))), null);
        return GateEvaluator.evaluate(release, gate, evidence, NOW);
    }

    private static ReleaseEvidence releaseItems(EvidenceItem... items) {
        return new ReleaseEvidence(List.of(items), null, null, null, null, null);
    }

    @Test
    void anOpenDefectAtTheThresholdBlocksAndIsNamedWithItsLink() {
        GateEvaluation verdict = judge(defects(Severity.SEV2), releaseItems(
                item("PAY-2", WorkItemKind.DEFECT, Severity.SEV2, false),
                item("PAY-3", WorkItemKind.DEFECT, Severity.SEV3, false),
                item("PAY-1", WorkItemKind.DEFECT, Severity.SEV1, false)));

        assertThat(verdict.verdict()).isEqualTo(GateVerdict.BLOCKED);
        CriterionOutcome outcome = verdict.criteria().get(0);
        assertThat(outcome.state()).isEqualTo(CriterionState.UNMET);
        assertThat(outcome.blocking()).extracting(BlockingItem::key).containsExactly("PAY-1", "PAY-2");
        assertThat(outcome.blocking().get(1).url()).isEqualTo("https://jira.example/browse/PAY-2");
    }

    @Test
    void onKeptCountsAnOpenDefectCriterionBlocksWithoutItemsAndAReaderGetsThemFromTheOpenMemberships() {
        ReleaseEvidence counts = new ReleaseEvidence(null, null, null, null, null, null, null,
                new KeptEvidence(Map.of("defect:SEV1", 1L, "defect:SEV2", 1L, "defect:SEV3", 4L)));
        GateEvaluation stored = judge(defects(Severity.SEV2), counts);
        assertThat(stored.verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(stored.criteria().get(0).reason()).isEqualTo("2 open defect(s) at or above SEV2");
        assertThat(stored.criteria().get(0).blocking()).isEmpty();

        Gate gate = new Gate("uat-exit", "UAT exit", GateKind.EXIT, List.of(defects(Severity.SEV2)));
        GateEvaluation shown = GateEvaluator.withOpenItems(gate, stored, List.of(
                item("PAY-9", WorkItemKind.DEFECT, Severity.SEV2, false),
                item("PAY-3", WorkItemKind.DEFECT, Severity.SEV3, false),
                item("PAY-7", WorkItemKind.STORY, null, false),
                item("PAY-10", WorkItemKind.DEFECT, Severity.SEV1, false)));
        assertThat(shown.criteria().get(0).blocking()).extracting(BlockingItem::key).containsExactly("PAY-10", "PAY-9");
        assertThat(shown.criteria().get(0).reason()).isEqualTo("2 open defect(s) at or above SEV2");
        assertThat(judge(defects(Severity.SEV1), new ReleaseEvidence(null, null, null, null, null, null, null,
                new KeptEvidence(Map.of("defect:SEV2", 3L)))).verdict()).isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void defectsBelowTheThresholdOrDoneOrWithoutSeverityLetTheGatePass() {
        GateEvaluation verdict = judge(defects(Severity.SEV2), releaseItems(
                item("PAY-3", WorkItemKind.DEFECT, Severity.SEV3, false),
                item("PAY-4", WorkItemKind.DEFECT, Severity.SEV1, true),
                item("PAY-5", WorkItemKind.DEFECT, null, false),
                item("PAY-6", WorkItemKind.STORY, Severity.SEV1, false)));

        assertThat(verdict.verdict()).isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void anOpenIncidentOfABlockingSeverityOnTheProductBlocks() {
        GateCriterion incidents = new GateCriterion("incidents", CriterionKind.NO_OPEN_INCIDENTS, "No incidents", null,
                List.of(Severity.SEV1), null, null, null, null, null, null, null);
        EvidenceItem sev1 = item("INC0010001", WorkItemKind.INCIDENT, Severity.SEV1, false);
        EvidenceItem sev2 = item("INC0010002", WorkItemKind.INCIDENT, Severity.SEV2, false);

        assertThat(judge(incidents, new ReleaseEvidence(null, List.of(sev1, sev2), null, null, null, null)).verdict())
                .isEqualTo(GateVerdict.BLOCKED);
        assertThat(judge(incidents, new ReleaseEvidence(null, List.of(sev2), null, null, null, null)).verdict())
                .isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void incidentCriterionWithoutSeveritiesBlocksOnSev1AndSev2() {
        GateCriterion incidents = criterion(CriterionKind.NO_OPEN_INCIDENTS);
        EvidenceItem sev2 = item("INC0010002", WorkItemKind.INCIDENT, Severity.SEV2, false);
        EvidenceItem sev3 = item("INC0010003", WorkItemKind.INCIDENT, Severity.SEV3, false);

        assertThat(judge(incidents, new ReleaseEvidence(null, List.of(sev2), null, null, null, null)).verdict())
                .isEqualTo(GateVerdict.BLOCKED);
        assertThat(judge(incidents, new ReleaseEvidence(null, List.of(sev3), null, null, null, null)).verdict())
                .isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void anOpenStoryBlocksAllStoriesDone() {
        assertThat(judge(criterion(CriterionKind.ALL_STORIES_DONE),
                releaseItems(item("PAY-7", WorkItemKind.STORY, null, false))).criteria().get(0).blocking())
                .extracting(BlockingItem::key).containsExactly("PAY-7");
        assertThat(judge(criterion(CriterionKind.ALL_STORIES_DONE),
                releaseItems(item("PAY-7", WorkItemKind.STORY, null, true))).verdict()).isEqualTo(GateVerdict.PASSED);
    }

    private static GateCriterion tests(String field, String... passValues) {
        return new GateCriterion("tests", CriterionKind.TEST_EXECUTION_COMPLETE, "Tests", null, null, "Test Execution",
                field, List.of(passValues), null, null, null, null);
    }

    private static EvidenceItem test(String key, String status, Map<String, String> fields) {
        return new EvidenceItem("jira:issue:" + key, key, key, WorkItemKind.TASK, null, true, "Test Execution", status,
                fields, null);
    }

    @Test
    void testExecutionIsCompleteWhenEveryExecutionShowsAPassingStatus() {
        assertThat(judge(tests(null, "Passed"), releaseItems(test("PAY-10", "passed", Map.of()))).verdict())
                .isEqualTo(GateVerdict.PASSED);
        GateEvaluation failing = judge(tests(null, "Passed"),
                releaseItems(test("PAY-10", "Passed", Map.of()), test("PAY-11", "Failed", Map.of())));
        assertThat(failing.verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(failing.criteria().get(0).reason()).isEqualTo("1 of 2 not passed");
        assertThat(failing.criteria().get(0).blocking()).extracting(BlockingItem::key).containsExactly("PAY-11");
    }

    @Test
    void testExecutionReadsTheNamedFieldWhenTheMappingGivesOne() {
        GateCriterion byField = tests("customfield_10300", "PASS");
        assertThat(judge(byField, releaseItems(test("PAY-10", "Done", Map.of("customfield_10300", "PASS")))).verdict())
                .isEqualTo(GateVerdict.PASSED);
        assertThat(judge(byField, releaseItems(test("PAY-10", "PASS", Map.of("customfield_10300", "FAIL")))).verdict())
                .isEqualTo(GateVerdict.BLOCKED);
    }

    @Test
    void noTestExecutionAtAllIsNotComplete() {
        GateEvaluation none = judge(tests(null, "Passed"), releaseItems());
        assertThat(none.verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(none.criteria().get(0).reason()).isEqualTo("no Test Execution in the release");
    }

    @Test
    void aSuccessfulDeploymentToTheNamedEnvironmentMeetsTheCriterion() {
        GateCriterion uat = new GateCriterion("uat", CriterionKind.DEPLOYED_TO, "Deployed to uat", null, null, null,
                null, null, "uat", null, null, null);
        DeploymentFact toStaging = new DeploymentFact("d1", "payments-api", "staging", DeploymentStatus.SUCCESS, NOW, "2026.12");
        DeploymentFact failedUat = new DeploymentFact("d2", "payments-api", "uat", DeploymentStatus.FAILURE, NOW, "2026.12");
        DeploymentFact uatDone = new DeploymentFact("d3", "payments-api", "UAT", DeploymentStatus.SUCCESS, NOW, "2026.12");

        assertThat(judge(uat, new ReleaseEvidence(null, null, List.of(toStaging, failedUat), null, null, null)).verdict())
                .isEqualTo(GateVerdict.BLOCKED);
        GateEvaluation deployed = judge(uat, new ReleaseEvidence(null, null, List.of(toStaging, uatDone), null, null, null));
        assertThat(deployed.verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(deployed.criteria().get(0).reason()).isEqualTo("deployed by d3");
    }

    @Test
    void onlyAnApprovedChangeRequestMeetsChangeApproved() {
        EvidenceItem requested = new EvidenceItem("servicenow:change_request:c1", "CHG0030001", "Release", WorkItemKind.CHANGE,
                null, false, "change_request", "Assess", Map.of("approval", "requested"), null);
        EvidenceItem approved = new EvidenceItem("servicenow:change_request:c1", "CHG0030001", "Release", WorkItemKind.CHANGE,
                null, false, "change_request", "Scheduled", Map.of("approval", "approved"), null);
        GateCriterion change = criterion(CriterionKind.CHANGE_APPROVED);

        GateEvaluation waiting = judge(change, new ReleaseEvidence(null, null, null, requested, null, null));
        assertThat(waiting.verdict()).isEqualTo(GateVerdict.BLOCKED);
        assertThat(waiting.criteria().get(0).reason()).isEqualTo("CHG0030001 is requested");
        assertThat(judge(change, new ReleaseEvidence(null, null, null, approved, null, null)).verdict())
                .isEqualTo(GateVerdict.PASSED);
        assertThat(judge(change, ReleaseEvidence.empty()).verdict()).isEqualTo(GateVerdict.BLOCKED);
    }

    @Test
    void aRemoteQueryIsPendingUntilAnsweredAndBlocksOnWhatItReturns() {
        GateCriterion jql = new GateCriterion("blockers", CriterionKind.REMOTE_QUERY_EMPTY, "No blockers", null, null,
                null, null, null, null, SourceSystem.JIRA, null, "labels = blocker");
        String key = ReleaseEvidence.remoteKey("uat-exit", "blockers");
        BlockingItem found = new BlockingItem("jira:issue:9", "PAY-9", "blocker", "Open", null);

        assertThat(judge(jql, ReleaseEvidence.empty()).verdict()).isEqualTo(GateVerdict.PENDING);
        assertThat(judge(jql, new ReleaseEvidence(null, null, null, null,
                Map.of(key, RemoteQueryResult.failed("429", NOW)), null)).verdict()).isEqualTo(GateVerdict.PENDING);
        assertThat(judge(jql, new ReleaseEvidence(null, null, null, null,
                Map.of(key, RemoteQueryResult.answered(List.of(found), NOW)), null)).criteria().get(0).blocking())
                .containsExactly(found);
        assertThat(judge(jql, new ReleaseEvidence(null, null, null, null,
                Map.of(key, RemoteQueryResult.answered(List.of(), NOW)), null)).verdict()).isEqualTo(GateVerdict.PASSED);
    }

    @Test
    void aSignOffMeetsTheManualCriterionAndSaysWhoAndWhen() {
        GateCriterion signOff = criterion(CriterionKind.SIGN_OFF);
        assertThat(judge(signOff, ReleaseEvidence.empty()).verdict()).isEqualTo(GateVerdict.BLOCKED);
        SignOff by = new SignOff("jira:version:1", "uat-exit", "rita", Instant.parse("2026-12-04T09:00:00Z"), "report ok");
        GateEvaluation signed = judge(signOff, new ReleaseEvidence(null, null, null, null, null, Map.of("uat-exit", by)));
        assertThat(signed.verdict()).isEqualTo(GateVerdict.PASSED);
        assertThat(signed.criteria().get(0).reason()).isEqualTo("signed off by rita at 2026-12-04 09:00 UTC: report ok");
    }

    @Test
    void anUnmetCriterionOutweighsAPendingOne() {
        Gate gate = new Gate("g", "G", GateKind.EXIT, List.of(criterion(CriterionKind.SIGN_OFF),
                new GateCriterion("q", CriterionKind.REMOTE_QUERY_EMPTY, "Q", null, null, null, null, null, null,
                        SourceSystem.JIRA, null, "x")));
        Release release = new Release("r", null, "r", "p", null, List.of(), null);
        assertThat(GateEvaluator.evaluate(release, gate, ReleaseEvidence.empty(), NOW).verdict())
                .isEqualTo(GateVerdict.BLOCKED);
    }

    @Test
    void aReleaseItemChangeTouchesOnlyItemCriteria() {
        Gate deployGate = new Gate("uat-entry", "UAT entry", GateKind.ENTRY, List.of(criterion(CriterionKind.DEPLOYED_TO)));
        Gate defectGate = new Gate("sit-exit", "SIT exit", GateKind.EXIT, List.of(defects(Severity.SEV2)));
        assertThat(GateEvaluator.touches(deployGate, GateEvaluator.Touch.RELEASE_ITEM)).isFalse();
        assertThat(GateEvaluator.touches(defectGate, GateEvaluator.Touch.RELEASE_ITEM)).isTrue();
        assertThat(GateEvaluator.touches(deployGate, GateEvaluator.Touch.DEPLOYMENT)).isTrue();
    }
}
