package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.adapter.RepoUrls;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentFacts;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 *   "issueKeys": [ "ABC-1", "INC0010001" ],
 *   "repoUrl": "optional, the repository deployed", "sha": "optional, the commit deployed (default: first of commits)",
 *   "changeNumber": "optional, the ServiceNow change request carried out" }
 * </pre>
 * service, environment and status are required; without an id the deployment is identified by service,
 * environment and start (or finish) time.
 */
@Component("deploymentEventMapper")
public class DeploymentEventMapper {

    public static final String GITHUB_EVENT_HEADER = "X-GitHub-Event";
    public static final String GITLAB_EVENT_HEADER = "X-Gitlab-Event";
    /** A ServiceNow change request number among a deployment's keys. */
    static final Pattern CHANGE_NUMBER = Pattern.compile("CHG[0-9]+");

    private final MappingRegistry mappings;

    public DeploymentEventMapper(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    /**
     * The deployment with what the change tables need: repository, deployed commit, listed commits, change request
     * number (the generic form's {@code changeNumber}, else the first change number among the deployment's keys) and
     * whether a GitHub {@code inactive} status only says that a later deployment superseded it.
     */
    public DeploymentFacts factsFromRequest(Map<String, String> headers, String json) {
        JsonNode payload = JsonFields.parse("deployment event", json);
        Deployment deployment = fromRequest(headers, json);
        String repoUrl;
        String headSha = deployment.commits().isEmpty() ? null : deployment.commits().get(0).sha();
        List<String> listed = List.of();
        boolean superseded = false;
        String changeNumber = null;
        if (header(headers, GITHUB_EVENT_HEADER) != null) {
            repoUrl = JsonFields.text(payload, "repository.html_url");
            superseded = "inactive".equals(JsonFields.text(payload, "deployment_status.state"));
        } else if (header(headers, GITLAB_EVENT_HEADER) != null || JsonFields.text(payload, "object_kind") != null) {
            repoUrl = JsonFields.text(payload, "project.web_url");
        } else if (JsonFields.node(payload, "build") != null) {
            repoUrl = JsonFields.text(payload, "build.scm.url");
        } else {
            repoUrl = JsonFields.text(payload, "repoUrl");
            changeNumber = JsonFields.text(payload, "changeNumber");
            String sha = JsonFields.text(payload, "sha");
            List<String> shas = deployment.commits().stream().map(DeploymentCommit::sha).toList();
            headSha = sha != null ? sha : headSha;
            listed = shas;
        }
        if (changeNumber == null) {
            changeNumber = deployment.linkedItemKeys().stream().filter(key -> CHANGE_NUMBER.matcher(key).matches())
                    .sorted().findFirst().orElse(null);
        }
        return new DeploymentFacts(deployment, deployment.service(), RepoUrls.normalize(repoUrl), headSha, listed,
                changeNumber, superseded);
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
        return GitHubDeploymentReader.read(mappings.current().deployments(), eventName, payload);
    }

    public Deployment fromGitLab(JsonNode payload) {
        return GitLabDeploymentReader.read(mappings.current().deployments(), payload);
    }

    public Deployment fromJenkins(JsonNode payload) {
        return JenkinsDeploymentReader.read(mappings.current().deployments(), payload);
    }

    public Deployment fromGeneric(JsonNode payload) {
        return GenericDeploymentReader.read(mappings.current().deployments(), payload);
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
}
