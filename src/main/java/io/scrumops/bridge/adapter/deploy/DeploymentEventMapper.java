package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.DeploymentMapping;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deployment events -> {@link Deployment}, through {@code mappings/deployments.yaml}: GitHub {@code deployment_status}
 * webhooks, GitLab Deployment Hooks, the Jenkins Notification plugin and the generic form below.
 *
 * <p>Generic form (for tools without a native mapper, and the {@code scrumops.deployments} topic):
 * <pre>
 * { "id": "optional, unique per deployment",
 *   "service": "checkout", "environment": "production", "status": "success",
 *   "startedAt": "2024-05-01T10:00:00Z", "finishedAt": "2024-05-01T10:04:00+02:00",
 *   "ref": "main", "url": "optional link",
 *   "commits": [ { "sha": "...", "message": "ABC-1 fix", "author": "...", "timestamp": "ISO-8601" } ],
 *   "issueKeys": [ "ABC-1", "INC0010001" ] }
 * </pre>
 * service, environment and status are required; without an id the deployment is identified by service,
 * environment and start (or finish) time.
 */
@Component("deploymentEventMapper")
public class DeploymentEventMapper {

    public static final String GITHUB_EVENT_HEADER = "X-GitHub-Event";
    public static final String GITLAB_EVENT_HEADER = "X-Gitlab-Event";
    private static final Set<String> JENKINS_RESULT_PHASES = Set.of("COMPLETED", "FINALIZED");
    private static final DateTimeFormatter GITLAB_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final MappingRegistry mappings;

    public DeploymentEventMapper(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    /** Picks the form by header (GitHub, GitLab) or shape (GitLab object_kind, Jenkins build, generic). */
    public Deployment fromRequest(Map<String, String> headers, String json) {
        JsonNode payload = JsonFields.parse("deployment event", json);
        String githubEvent = header(headers, GITHUB_EVENT_HEADER);
        if (githubEvent != null) {
            return fromGitHub(githubEvent, payload);
        }
        if (header(headers, GITLAB_EVENT_HEADER) != null || JsonFields.text(payload, "object_kind") != null) {
            return fromGitLab(payload);
        }
        if (JsonFields.node(payload, "build") != null) {
            return fromJenkins(payload);
        }
        if (payload.has("service") || payload.has("environment")) {
            return fromGeneric(payload);
        }
        throw new MalformedPayloadException("deployment event: unrecognised form (no X-GitHub-Event or X-Gitlab-Event"
                + " header, no object_kind, no Jenkins build, no generic service/environment/status)");
    }

    public Deployment fromGitHub(String eventName, JsonNode payload) {
        String context = "github " + eventName;
        if (!"deployment_status".equals(eventName)) {
            throw new MalformedPayloadException("github webhook: event '" + eventName
                    + "' is not a deployment_status event (only deployment_status carries a deployment outcome)");
        }
        DeploymentMapping mapping = mappings.current().deployments();
        JsonNode deployment = JsonFields.requireObject(context, payload, "deployment");
        JsonNode status = JsonFields.requireObject(context, payload, "deployment_status");
        String deploymentId = JsonFields.requireText(context, payload, "deployment.id");
        String state = JsonFields.requireText(context, payload, "deployment_status.state");
        DeploymentStatus deploymentStatus = mapping.githubStatuses().get(state);
        String environment = JsonFields.text(status, "environment");
        if (environment == null) {
            environment = JsonFields.requireText(context, payload, "deployment.environment");
        }
        EnvironmentType type = Boolean.TRUE.equals(bool(deployment, "production_environment"))
                ? EnvironmentType.PRODUCTION : mapping.environmentType(environment);
        Instant started = isoDate(context, payload, "deployment.created_at");
        Instant statusAt = isoDate(context, payload, "deployment_status.updated_at");
        if (statusAt == null) {
            statusAt = isoDate(context, payload, "deployment_status.created_at");
        }
        String repository = JsonFields.text(payload, "repository.full_name");
        String ref = JsonFields.text(deployment, "ref");
        String sha = JsonFields.text(deployment, "sha");
        String creator = JsonFields.text(deployment, "creator.login");
        String headMessage = JsonFields.text(payload, "workflow_run.head_commit.message");
        List<DeploymentCommit> commits = sha == null ? List.of()
                : List.of(new DeploymentCommit(sha, headMessage, creator, null));
        Set<String> keys = mapping.issueKeysIn(nonNull(ref, JsonFields.text(deployment, "description"),
                JsonFields.text(status, "description"), headMessage, JsonFields.text(payload, "workflow_run.display_title"),
                JsonFields.text(payload, "workflow_run.head_branch")));
        String url = firstNonNull(JsonFields.text(status, "target_url"), JsonFields.text(status, "log_url"),
                JsonFields.text(deployment, "url"));
        SourceRef source = new SourceRef(SourceSystem.GITHUB, "deployment", deploymentId, repository, url,
                JsonFields.node(status, "id") == null ? 0 : JsonFields.node(status, "id").asLong(), statusAt);
        return new Deployment(id(SourceSystem.GITHUB, deploymentId), source, repository, environment, type,
                deploymentStatus, started, isFinished(deploymentStatus) ? statusAt : null, ref, commits, keys);
    }

    public Deployment fromGitLab(JsonNode payload) {
        String context = "gitlab deployment hook";
        String kind = JsonFields.requireText(context, payload, "object_kind");
        if (!kind.equals("deployment")) {
            throw MalformedPayloadException.invalidField(context, "object_kind", kind, "not a deployment event");
        }
        DeploymentMapping mapping = mappings.current().deployments();
        String deploymentId = JsonFields.requireText(context, payload, "deployment_id");
        DeploymentStatus status = mapping.gitlabStatuses().get(JsonFields.requireText(context, payload, "status"));
        String environment = JsonFields.requireText(context, payload, "environment");
        String tier = JsonFields.text(payload, "environment_tier");
        EnvironmentType type = tier != null ? gitlabTier(context, tier) : mapping.environmentType(environment);
        String changedText = JsonFields.requireText(context, payload, "status_changed_at");
        Instant changedAt;
        try {
            changedAt = OffsetDateTime.parse(changedText, GITLAB_DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw MalformedPayloadException.invalidField(context, "status_changed_at", changedText,
                    "not a GitLab date (expected e.g. 2021-04-28 21:50:00 +0200)");
        }
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
        return new Deployment(id(SourceSystem.GITLAB, deploymentId), source, project, environment, type, status,
                status == DeploymentStatus.IN_PROGRESS ? changedAt : null, isFinished(status) ? changedAt : null, ref,
                commits, mapping.issueKeysIn(nonNull(title, ref)));
    }

    /** GitLab states the tier of every environment; it is more reliable than the name. */
    private static EnvironmentType gitlabTier(String context, String tier) {
        return switch (tier.toLowerCase(Locale.ROOT)) {
            case "production" -> EnvironmentType.PRODUCTION;
            case "staging" -> EnvironmentType.STAGING;
            case "testing" -> EnvironmentType.TESTING;
            case "development" -> EnvironmentType.DEVELOPMENT;
            case "other" -> EnvironmentType.OTHER;
            default -> throw MalformedPayloadException.invalidField(context, "environment_tier", tier,
                    "unknown GitLab tier (production, staging, testing, development, other)");
        };
    }

    /** Notification plugin job status; the job name is the service, the environment comes from build parameters. */
    public Deployment fromJenkins(JsonNode payload) {
        String context = "jenkins notification";
        DeploymentMapping mapping = mappings.current().deployments();
        String job = JsonFields.requireText(context, payload, "name");
        String number = JsonFields.requireText(context, payload, "build.number");
        String phase = JsonFields.requireText(context, payload, "build.phase");
        DeploymentStatus status;
        if (mapping.jenkinsPhases().find(phase).isPresent()) {
            status = mapping.jenkinsPhases().get(phase);
        } else if (JENKINS_RESULT_PHASES.contains(phase.toUpperCase(Locale.ROOT))) {
            status = mapping.jenkinsStatuses().get(JsonFields.requireText(context, payload, "build.status"));
        } else {
            throw mapping.jenkinsPhases().unknown(phase);
        }
        String environment = null;
        for (String parameter : mapping.jenkinsEnvironmentParameters()) {
            environment = JsonFields.text(payload, "build.parameters." + parameter);
            if (environment != null) {
                break;
            }
        }
        Instant started = epochMillis(context, payload, "build.timestamp");
        JsonNode duration = JsonFields.node(payload, "build.duration");
        Instant finished = isFinished(status) && started != null && duration != null && duration.canConvertToLong()
                ? started.plusMillis(duration.asLong()) : null;
        String branch = JsonFields.text(payload, "build.scm.branch");
        String sha = JsonFields.text(payload, "build.scm.commit");
        List<DeploymentCommit> commits = sha == null ? List.of() : List.of(new DeploymentCommit(sha, null, null, null));
        String nativeId = job + "#" + number;
        SourceRef source = new SourceRef(SourceSystem.JENKINS, "build", nativeId, job,
                firstNonNull(JsonFields.text(payload, "build.full_url"), JsonFields.text(payload, "url")), 0, null);
        return new Deployment(id(SourceSystem.JENKINS, nativeId), source, job, environment,
                mapping.environmentType(environment), status, started, finished, branch, commits,
                mapping.issueKeysIn(nonNull(branch, JsonFields.text(payload, "build.notes"))));
    }

    public Deployment fromGeneric(JsonNode payload) {
        String context = "generic deployment";
        DeploymentMapping mapping = mappings.current().deployments();
        String service = JsonFields.requireText(context, payload, "service");
        String environment = JsonFields.requireText(context, payload, "environment");
        DeploymentStatus status = mapping.genericStatuses().get(JsonFields.requireText(context, payload, "status"));
        Instant started = isoDate(context, payload, "startedAt");
        Instant finished = isoDate(context, payload, "finishedAt");
        String ref = JsonFields.text(payload, "ref");
        List<DeploymentCommit> commits = new ArrayList<>();
        List<String> texts = new ArrayList<>(nonNull(ref));
        JsonNode commitList = JsonFields.node(payload, "commits");
        if (commitList != null) {
            if (!commitList.isArray()) {
                throw MalformedPayloadException.invalidField(context, "commits", commitList, "expected a list");
            }
            for (int i = 0; i < commitList.size(); i++) {
                JsonNode commit = commitList.get(i);
                String path = "commits[" + i + "]";
                String message = JsonFields.text(commit, "message");
                commits.add(new DeploymentCommit(JsonFields.requireText(context, commit, "sha", path + ".sha"), message,
                        JsonFields.text(commit, "author"), isoDate(context, commit, "timestamp", path + ".timestamp")));
                if (message != null) {
                    texts.add(message);
                }
            }
        }
        Set<String> keys = new LinkedHashSet<>(JsonFields.texts(payload, "issueKeys"));
        keys.addAll(mapping.issueKeysIn(texts));
        String nativeId = JsonFields.text(payload, "id");
        if (nativeId == null) {
            Instant when = started != null ? started : finished;
            if (when == null) {
                throw new MalformedPayloadException(context + ": missing field 'id' (or 'startedAt'/'finishedAt' to identify it)");
            }
            nativeId = service + "/" + environment + "/" + when;
        }
        Instant updated = finished != null ? finished : started;
        SourceRef source = new SourceRef(SourceSystem.GENERIC, "deployment", nativeId, service,
                JsonFields.text(payload, "url"), updated == null ? 0 : updated.toEpochMilli(), updated);
        return new Deployment(id(SourceSystem.GENERIC, nativeId), source, service, environment,
                mapping.environmentType(environment), status, started, finished, ref, commits, keys);
    }

    private static String id(SourceSystem system, String nativeId) {
        return system.code() + ":deployment:" + nativeId;
    }

    private static boolean isFinished(DeploymentStatus status) {
        return status == DeploymentStatus.SUCCESS || status == DeploymentStatus.FAILURE
                || status == DeploymentStatus.CANCELLED;
    }

    private static Instant isoDate(String context, JsonNode root, String path) {
        return isoDate(context, root, path, path);
    }

    private static Instant isoDate(String context, JsonNode root, String path, String reported) {
        String text = JsonFields.text(root, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw MalformedPayloadException.invalidField(context, reported, text,
                    "not an ISO-8601 date-time with offset (e.g. 2019-05-15T15:20:55Z)");
        }
    }

    private static Instant epochMillis(String context, JsonNode root, String path) {
        JsonNode node = JsonFields.node(root, path);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw MalformedPayloadException.invalidField(context, path, node, "expected epoch milliseconds");
        }
        return Instant.ofEpochMilli(node.asLong());
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = JsonFields.node(node, field);
        return value == null ? null : value.asBoolean();
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).filter(value -> value != null && !value.isBlank())
                .findFirst().orElse(null);
    }

    private static List<String> nonNull(String... values) {
        List<String> list = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                list.add(value);
            }
        }
        return list;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
