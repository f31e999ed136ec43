package io.scrumops.bridge.store;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateKind;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.PhaseState;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.ReleasePhase;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fully populated model records, so that a round trip through the store shows every field survives. */
final class ModelFixtures {

    static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456789Z");

    private ModelFixtures() {
    }

    static SourceRef jiraIssue(String nativeId, String key, long version, Instant updatedAt) {
        return new SourceRef(SourceSystem.JIRA, "issue", nativeId, key,
                "https://jira.example.test/browse/" + key, version, updatedAt);
    }

    static WorkItem workItem(WorkItemKind kind, String nativeId, String key) {
        SourceRef source = jiraIssue(nativeId, key, 3, T0.plusSeconds(60));
        return new WorkItem(source.globalId(), kind, source, kind + " " + key, "Description of " + key,
                CanonicalStatus.IN_PROGRESS, "In Progress", Severity.SEV2, "High", FlowType.DEFECT, "alice",
                "Ops L1", "team-a", "jira:issue:10000", "jira:sprint:7", Set.of("ops", "customer-facing", "b-label"),
                T0, T0.plusSeconds(60), null, null, null);
    }

    static WorkItem story() {
        StoryAttributes story = new StoryAttributes(Recurrence.RECURRING, TeamScope.MULTI_TEAM, "olivia", "ops-sla",
                true, Map.of("website", "jira:issue:20001", "*", "jira:issue:20002"), false,
                List.of("team-a", "team-b"), Map.of("team-a", 5.0, "team-b", 3.5));
        WorkItem base = workItem(WorkItemKind.STORY, "10000", "OPS-1");
        return new WorkItem(base.id(), base.kind(), base.source(), "Log, solve or escalate queries for Product A",
                base.description(), CanonicalStatus.IN_PROGRESS, "In Progress", null, null, FlowType.FEATURE,
                "olivia", null, "team-a", null, "jira:sprint:7", Set.of("recurring"), T0, T0.plusSeconds(60), null,
                story, null);
    }

    static WorkItem workPackage() {
        Instant escalatedAt = T0.plus(Duration.ofMinutes(45));
        WorkPackageAttributes attributes = new WorkPackageAttributes("jira:issue:10000", "sev1-template",
                Severity.SEV1, "website", T0, Duration.ofHours(6), 2, "jira:issue:10010",
                List.of(new EscalationLink("jira:issue:10010", "jira:issue:10011", "jira:issue:10000",
                        "jira:issue:20001", 2, escalatedAt, "alice", "needs the platform team")));
        SourceRef source = new SourceRef(SourceSystem.SERVICENOW, "incident", "9d385017c611228701d22104cc95c371",
                "INC0010001", "https://sn.example.test/incident.do?sys_id=9d38", 12, T0.plusSeconds(300));
        return new WorkItem("scrumops:work_package:10011", WorkItemKind.WORK_PACKAGE, source, "Checkout page down",
                "Customers cannot pay", CanonicalStatus.RESOLVED, "Resolved", Severity.SEV1, "1 - Critical",
                FlowType.DEFECT, "bob", "Platform L2", "team-b", "jira:issue:20001", "jira:sprint:8",
                Set.of("website"), T0, T0.plusSeconds(300), T0.plusSeconds(300), null, attributes);
    }

    static Comment comment() {
        SourceRef source = new SourceRef(SourceSystem.SERVICENOW, "sys_journal_field", "a1b2c3", null, null, 0,
                T0.plusSeconds(120));
        return new Comment("servicenow:sys_journal_field:a1b2c3", "scrumops:work_package:10011", source, "bob",
                "Restarted the payment pods", CommentVisibility.INTERNAL, T0.plusSeconds(120));
    }

    static StatusChange statusChange() {
        return new StatusChange("jira:issue:10000", CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS, "To Do",
                "In Progress", T0.plusSeconds(30), "alice");
    }

    static Sprint sprint() {
        SourceRef source = new SourceRef(SourceSystem.JIRA, "sprint", "7", null, null, 1, T0);
        return new Sprint(source.globalId(), source, "team-a", "Team A Sprint 7", T0, T0.plus(Duration.ofDays(14)),
                SprintState.ACTIVE);
    }

    static Deployment deployment() {
        SourceRef source = new SourceRef(SourceSystem.GITHUB, "deployment", "555", null,
                "https://github.example.test/acme/shop/deployments/555", 2, T0.plusSeconds(900));
        return new Deployment(source.globalId(), source, "shop", "prod-eu", EnvironmentType.PRODUCTION,
                DeploymentStatus.SUCCESS, T0.plusSeconds(600), T0.plusSeconds(900), "v1.4.2",
                List.of(new DeploymentCommit("0a1b2c", "OPS-1 fix checkout", "alice", T0.minusSeconds(3600)),
                        new DeploymentCommit("3d4e5f", "INC0010001 guard null cart", "bob", T0.minusSeconds(1800))),
                Set.of("OPS-1", "INC0010001"));
    }

    static Release release() {
        SourceRef source = new SourceRef(SourceSystem.JIRA, "version", "10200", "2026.3", null, 4, T0);
        Gate entry = new Gate("sit-entry", "SIT entry", GateKind.ENTRY, List.of(
                new GateCriterion("no-sev2-defects", CriterionKind.NO_OPEN_DEFECTS, "No SEV1/SEV2 defects open",
                        Severity.SEV2, null, null, null, null, null, null, null, null)));
        Gate exit = new Gate("sit-exit", "SIT exit", GateKind.EXIT, List.of(
                new GateCriterion("tests", CriterionKind.TEST_EXECUTION_COMPLETE, "All test cases complete", null,
                        null, "Test Execution", null, List.of("Passed"), null, null, null, null),
                GateCriterion.of("report", CriterionKind.SIGN_OFF, "Test completion report signed off")));
        return new Release(source.globalId(), source, "2026.3", "Product A", "SIT",
                List.of(new ReleasePhase("BUILD", PhaseState.COMPLETED, T0.minus(Duration.ofDays(10)),
                                T0.minus(Duration.ofDays(5)), List.of()),
                        new ReleasePhase("SIT", PhaseState.ACTIVE, T0, T0.plus(Duration.ofDays(5)),
                                List.of(entry, exit))),
                T0.plus(Duration.ofDays(20)), false, false, "servicenow:change_request:c1", "OPS-1");
    }
}
