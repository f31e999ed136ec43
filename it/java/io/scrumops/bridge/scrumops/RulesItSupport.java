package io.scrumops.bridge.scrumops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for the stories, packages, sprints and Jira webhooks the rules ITs start from. */
final class RulesItSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private RulesItSupport() {
    }

    static Sprint activeSprint(String nativeId, String team, Instant now) {
        return new Sprint("jira:sprint:" + nativeId, new SourceRef(SourceSystem.JIRA, "sprint", nativeId, null, null, 0,
                null), team, team + " " + nativeId, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(12)),
                SprintState.ACTIVE);
    }

    static WorkItem story(String nativeId, String key, String team, String sprintId, boolean escalationAllowed,
                          String slaPolicy, Instant at) {
        return new WorkItem("jira:issue:" + nativeId, WorkItemKind.STORY, jira(nativeId, key, at), "Queries of " + team,
                null, CanonicalStatus.IN_PROGRESS, "In Progress", null, null, null, null, null, team, null, sprintId,
                escalationAllowed ? Set.of("recurring", "escalation-allowed") : Set.of("recurring"), at, at, null,
                new StoryAttributes(Recurrence.RECURRING, TeamScope.SINGLE_TEAM, "po-" + team, slaPolicy,
                        escalationAllowed, Map.of(), false, List.of(team), Map.of()), null);
    }

    static WorkItem workPackage(String nativeId, String key, String storyId, String team, String sprintId,
                                Severity severity, Instant createdAt) {
        return new WorkItem("jira:issue:" + nativeId, WorkItemKind.WORK_PACKAGE, jira(nativeId, key, createdAt),
                "Checkout fails for card payments", null, CanonicalStatus.IN_PROGRESS, "In Progress", severity, "High",
                null, null, null, team, storyId, sprintId, Set.of("incident"), createdAt, createdAt, null, null,
                new WorkPackageAttributes(storyId, null, severity, null, null, null, 1, null, List.of()));
    }

    static WorkItem incident(String sysId, String number, Instant openedAt) {
        return new WorkItem("servicenow:incident:" + sysId, WorkItemKind.INCIDENT,
                new SourceRef(SourceSystem.SERVICENOW, "incident", sysId, number, null, 1, openedAt),
                "Checkout fails for card payments", null, CanonicalStatus.IN_PROGRESS, "2", Severity.SEV2, "2", null,
                null, null, "ops-l1", null, null, Set.of(), openedAt, openedAt, null, null, null);
    }

    /** A Jira Cloud issue_updated webhook for a work package, with the fields the mapper reads. */
    static String workPackageWebhook(String nativeId, String key, String parentNativeId, String status,
                                     String categoryKey, List<String> labels, Instant created, Instant updated) {
        return workPackageWebhook(nativeId, key, parentNativeId, status, categoryKey, labels, created, updated, null,
                null);
    }

    /** The same webhook, sent for {@code actor} (null: no user) about an issue of {@code project} (null: none). */
    static String workPackageWebhook(String nativeId, String key, String parentNativeId, String status,
                                     String categoryKey, List<String> labels, Instant created, Instant updated,
                                     String actor, String project) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("issuetype", Map.of("name", "Work Package"));
        fields.put("status", Map.of("name", status, "statusCategory", Map.of("key", categoryKey)));
        fields.put("priority", Map.of("name", "High"));
        fields.put("summary", "Checkout fails for card payments");
        fields.put("created", JIRA_TIME.format(created));
        fields.put("updated", JIRA_TIME.format(updated));
        if ("done".equals(categoryKey)) {
            fields.put("resolutiondate", JIRA_TIME.format(updated));
        }
        fields.put("labels", labels);
        fields.put("parent", Map.of("id", parentNativeId));
        if (project != null) {
            fields.put("project", Map.of("key", project));
        }
        Map<String, Object> issue = Map.of("id", nativeId, "key", key,
                "self", "https://jira.example.com/rest/api/2/issue/" + nativeId, "fields", fields);
        Map<String, Object> payload = new java.util.LinkedHashMap<>(Map.of("timestamp", updated.toEpochMilli(),
                "webhookEvent", "jira:issue_updated", "issue_event_type_name", "issue_generic", "issue", issue));
        if (actor != null) {
            payload.put("user", Map.of("accountId", actor));
        }
        try {
            return JSON.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SourceRef jira(String nativeId, String key, Instant at) {
        return new SourceRef(SourceSystem.JIRA, "issue", nativeId, key,
                "https://jira.example.com/rest/api/2/issue/" + nativeId, at.toEpochMilli(), at);
    }
}
