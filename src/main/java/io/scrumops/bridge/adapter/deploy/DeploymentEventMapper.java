package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.Deployment;
import org.springframework.stereotype.Component;

import java.util.Map;

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
