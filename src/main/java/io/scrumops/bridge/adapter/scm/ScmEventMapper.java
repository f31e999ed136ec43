package io.scrumops.bridge.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.ScmEvent;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/**
 * Repository events that arrive on the deployment webhook (a repository's hook sends all its events to one URL):
 * GitHub {@code push}, {@code pull_request}, {@code pull_request_review} by the {@code X-GitHub-Event} header, and
 * GitLab Push Hook, Merge Request Hook and Note Hook by {@code X-Gitlab-Event} or {@code object_kind}. Issue keys are found with
 * the {@code issueKeys} patterns of {@code mappings/deployments.yaml}.
 */
@Component("scmEventMapper")
public class ScmEventMapper {

    public static final Set<String> GITHUB_EVENTS = Set.of("push", "pull_request", "pull_request_review");
    static final Map<String, String> GITLAB_HOOKS = Map.of("Push Hook", "push", "Merge Request Hook", "merge_request",
            "Note Hook", "note");
    /** Events a repository hook sends that carry nothing for the metrics: acknowledged and not stored. */
    public static final Set<String> GITHUB_IGNORED = Set.of("ping", "create", "delete", "check_run", "check_suite",
            "status", "workflow_run", "workflow_job", "pull_request_review_comment", "issue_comment");
    static final Set<String> GITLAB_IGNORED = Set.of("pipeline", "build", "tag_push", "wiki_page", "issue");

    private final MappingRegistry mappings;

    public ScmEventMapper(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    /** Whether the request is a repository event this adapter reads (or acknowledges and ignores). */
    public static boolean handles(Map<String, String> headers, JsonNode payload) {
        String github = header(headers, "X-GitHub-Event");
        if (github != null) {
            return GITHUB_EVENTS.contains(github) || GITHUB_IGNORED.contains(github);
        }
        String kind = gitlabKind(headers, payload);
        return kind != null && (GitLabScmReader.KINDS.contains(kind) || GITLAB_IGNORED.contains(kind));
    }

    /** The item the event is about, for the inbox and the topic key; null for an ignored event. */
    public static String itemKey(Map<String, String> headers, JsonNode payload) {
        String github = header(headers, "X-GitHub-Event");
        if (github != null) {
            return GITHUB_EVENTS.contains(github) ? GitHubScmReader.itemKey(github, payload) : null;
        }
        String kind = gitlabKind(headers, payload);
        return GitLabScmReader.KINDS.contains(kind) ? GitLabScmReader.itemKey(kind, payload) : null;
    }

    public static String eventName(Map<String, String> headers, JsonNode payload) {
        String github = header(headers, "X-GitHub-Event");
        return github != null ? "github:" + github : "gitlab:" + gitlabKind(headers, payload);
    }

    public ScmEvent read(Map<String, String> headers, String json) {
        JsonNode payload = JsonFields.parse("repository event", json);
        String github = header(headers, "X-GitHub-Event");
        var mapping = mappings.current().deployments();
        if (github != null) {
            return GITHUB_EVENTS.contains(github) ? GitHubScmReader.read(mapping, github, payload)
                    : ScmEvent.ignored("github:" + github, "GitHub " + github + " events carry no change or deployment");
        }
        String kind = gitlabKind(headers, payload);
        return GitLabScmReader.KINDS.contains(kind) ? GitLabScmReader.read(mapping, kind, payload)
                : ScmEvent.ignored("gitlab:" + kind, "GitLab " + kind + " events are not deployments; a deployment job"
                + " sends its own Deployment Hook");
    }

    private static String gitlabKind(Map<String, String> headers, JsonNode payload) {
        String hook = header(headers, "X-Gitlab-Event");
        String kind = JsonFields.text(payload, "object_kind");
        if (kind != null) {
            return kind;
        }
        if (hook == null) {
            return null;
        }
        return GITLAB_HOOKS.getOrDefault(hook, hook.toLowerCase(java.util.Locale.ROOT).replace(" hook", "")
                .replace(' ', '_'));
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).filter(v -> v != null && !v.isBlank())
                .findFirst().orElse(null);
    }
}
