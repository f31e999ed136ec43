package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.DeploymentMapping;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import static io.scrumops.bridge.adapter.deploy.DeploymentFields.firstNonNull;
import static io.scrumops.bridge.adapter.deploy.DeploymentFields.nonNull;

/** GitLab Deployment Hooks ({@code object_kind: deployment}); dates look like {@code 2021-04-28 21:50:00 +0200}. */
final class GitLabDeploymentReader {

    private static final String CONTEXT = "gitlab deployment hook";
    private static final DateTimeFormatter GITLAB_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private GitLabDeploymentReader() {
    }

    static Deployment read(DeploymentMapping mapping, JsonNode payload) {
        String kind = JsonFields.requireText(CONTEXT, payload, "object_kind");
        if (!kind.equals("deployment")) {
            throw MalformedPayloadException.invalidField(CONTEXT, "object_kind", kind, "not a deployment event");
        }
        String deploymentId = JsonFields.requireText(CONTEXT, payload, "deployment_id");
        DeploymentStatus status = mapping.gitlabStatuses().get(JsonFields.requireText(CONTEXT, payload, "status"));
        String environment = JsonFields.requireText(CONTEXT, payload, "environment");
        String tier = JsonFields.text(payload, "environment_tier");
        EnvironmentType type = tier != null ? tier(tier) : mapping.environmentType(environment);
        Instant changedAt = date(JsonFields.requireText(CONTEXT, payload, "status_changed_at"));
        String project = firstNonNull(JsonFields.text(payload, "project.path_with_namespace"),
                JsonFields.text(payload, "project.name"));
        String commitUrl = JsonFields.text(payload, "commit_url");
        String sha = commitUrl != null && commitUrl.contains("/commit/")
                ? commitUrl.substring(commitUrl.lastIndexOf('/') + 1) : JsonFields.text(payload, "short_sha");
        String title = JsonFields.text(payload, "commit_title");
        List<DeploymentCommit> commits = sha == null ? List.of()
                : List.of(new DeploymentCommit(sha, title, JsonFields.text(payload, "user.username"), null));
        String ref = JsonFields.text(payload, "ref");
        SourceRef source = new SourceRef(SourceSystem.GITLAB, "deployment", deploymentId, project,
                JsonFields.text(payload, "deployable_url"), changedAt.toEpochMilli(), changedAt);
        return new Deployment(DeploymentFields.deploymentId(SourceSystem.GITLAB, deploymentId), source, project,
                environment, type, status, status == DeploymentStatus.IN_PROGRESS ? changedAt : null,
                DeploymentFields.isFinished(status) ? changedAt : null, ref, commits, mapping.issueKeysIn(nonNull(title, ref)));
    }

    private static Instant date(String text) {
        try {
            return OffsetDateTime.parse(text, GITLAB_DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw MalformedPayloadException.invalidField(CONTEXT, "status_changed_at", text,
                    "not a GitLab date (expected e.g. 2021-04-28 21:50:00 +0200)");
        }
    }

    /** GitLab states the tier of every environment; it is more reliable than the name. */
    private static EnvironmentType tier(String tier) {
        return switch (tier.toLowerCase(Locale.ROOT)) {
            case "production" -> EnvironmentType.PRODUCTION;
            case "staging" -> EnvironmentType.STAGING;
            case "testing" -> EnvironmentType.TESTING;
            case "development" -> EnvironmentType.DEVELOPMENT;
            case "other" -> EnvironmentType.OTHER;
            default -> throw MalformedPayloadException.invalidField(CONTEXT, "environment_tier", tier,
                    "unknown GitLab tier (production, staging, testing, development, other)");
        };
    }
}
