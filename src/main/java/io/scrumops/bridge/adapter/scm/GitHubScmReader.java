package io.scrumops.bridge.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.adapter.RepoUrls;
import io.scrumops.bridge.mapping.DeploymentMapping;
import io.scrumops.bridge.model.ScmChange;
import io.scrumops.bridge.model.ScmChangeKind;
import io.scrumops.bridge.model.ScmEvent;
import io.scrumops.bridge.model.ScmPush;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * GitHub {@code push}, {@code pull_request} and {@code pull_request_review} events. A push's commits carry one
 * {@code timestamp} each, taken as both authored and committed time. A pull request's merge commit counts only once it
 * is merged: before that {@code merge_commit_sha} names GitHub's test merge. A review counts as the first review only
 * when someone other than the pull request's author wrote it.
 */
final class GitHubScmReader {

    private GitHubScmReader() {
    }

    static ScmEvent read(DeploymentMapping mapping, String event, JsonNode payload) {
        return switch (event) {
            case "push" -> push(mapping, payload);
            case "pull_request" -> pullRequest(mapping, payload, null);
            case "pull_request_review" -> review(mapping, payload);
            default -> throw new MalformedPayloadException("github webhook: event '" + event + "' is not read");
        };
    }

    static String itemKey(String event, JsonNode payload) {
        String context = "github " + event;
        String repo = JsonFields.requireText(context, payload, "repository.full_name");
        if (event.equals("push")) {
            return "github:push:" + repo + "@" + JsonFields.requireText(context, payload, "ref");
        }
        return pullRequestId(repo, JsonFields.requireText(context, payload, "pull_request.number"));
    }

    static String pullRequestId(String repo, String number) {
        return "github:pull_request:" + repo + "#" + number;
    }

    static String commitId(String repo, String sha) {
        return "github:commit:" + repo + "@" + sha;
    }

    private static ScmEvent push(DeploymentMapping mapping, JsonNode payload) {
        String context = "github push";
        String repo = JsonFields.requireText(context, payload, "repository.full_name");
        String repoUrl = RepoUrls.normalize(firstText(payload, "repository.html_url", "repository.url"));
        if (repoUrl == null) {
            throw MalformedPayloadException.missingField(context, "repository.html_url");
        }
        String ref = RepoUrls.branch(JsonFields.requireText(context, payload, "ref"));
        String after = JsonFields.text(payload, "after");
        JsonNode commits = JsonFields.node(payload, "commits");
        List<ScmChange> changes = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        if (commits != null) {
            for (int i = 0; i < commits.size(); i++) {
                JsonNode commit = commits.get(i);
                String path = "commits[" + i + "]";
                String sha = JsonFields.requireText(context, commit, "id", path + ".id");
                String message = JsonFields.text(commit, "message");
                Instant at = ScmDates.at(context, commit, "timestamp");
                shas.add(sha);
                changes.add(new ScmChange(commitId(repo, sha), ScmChangeKind.COMMIT, SourceSystem.GITHUB, repoUrl, sha,
                        null, at, at, message, mapping.issueKeysIn(nonNull(message)), null, null, null, null));
            }
        }
        Instant pushedAt = ScmDates.epochOrIso(context, payload, "repository.pushed_at");
        if (pushedAt == null) {
            pushedAt = ScmDates.at(context, payload, "head_commit.timestamp");
        }
        boolean deleted = JsonFields.node(payload, "deleted") != null && payload.get("deleted").asBoolean();
        ScmPush push = deleted || after == null ? null : new ScmPush(repoUrl, ref, after, pushedAt, shas);
        return new ScmEvent("github:push", changes, push, null);
    }

    private static ScmEvent pullRequest(DeploymentMapping mapping, JsonNode payload, Instant firstReviewAt) {
        String context = "github pull_request";
        String repo = JsonFields.requireText(context, payload, "repository.full_name");
        String repoUrl = RepoUrls.normalize(firstText(payload, "repository.html_url", "repository.url"));
        JsonNode pr = JsonFields.requireObject(context, payload, "pull_request");
        String number = JsonFields.requireText(context, payload, "pull_request.number");
        Instant created = ScmDates.at(context, pr, "created_at");
        Instant mergedAt = ScmDates.at(context, pr, "merged_at");
        boolean merged = mergedAt != null || (pr.path("merged").isBoolean() && pr.get("merged").asBoolean());
        String mergeCommit = merged ? JsonFields.text(pr, "merge_commit_sha") : null;
        String headSha = JsonFields.text(pr, "head.sha");
        String title = JsonFields.text(pr, "title");
        String text = String.join("\n", nonNull(title, JsonFields.text(pr, "body"), JsonFields.text(pr, "head.ref")));
        String id = pullRequestId(repo, number);
        List<ScmChange> changes = new ArrayList<>();
        changes.add(new ScmChange(id, ScmChangeKind.PULL_REQUEST, SourceSystem.GITHUB, repoUrl, headSha, null, null,
                null, title, mapping.issueKeysIn(List.of(text)), created, firstReviewAt, mergedAt, mergeCommit));
        if (headSha != null) {
            changes.add(new ScmChange(commitId(repo, headSha), ScmChangeKind.COMMIT, SourceSystem.GITHUB, repoUrl,
                    headSha, id, null, null, null, null, null, null, null, null));
        }
        return new ScmEvent("github:" + (firstReviewAt == null ? "pull_request" : "pull_request_review"), changes,
                null, null);
    }

    private static ScmEvent review(DeploymentMapping mapping, JsonNode payload) {
        String context = "github pull_request_review";
        String action = JsonFields.text(payload, "action");
        String reviewer = JsonFields.text(payload, "review.user.login");
        String author = JsonFields.text(payload, "pull_request.user.login");
        String state = JsonFields.text(payload, "review.state");
        boolean counts = "submitted".equals(action) && reviewer != null && !reviewer.equalsIgnoreCase(author)
                && (state == null || !state.toLowerCase(Locale.ROOT).equals("pending"));
        Instant submitted = counts ? ScmDates.at(context, payload, "review.submitted_at") : null;
        ScmEvent pr = pullRequest(mapping, payload, submitted);
        return new ScmEvent("github:pull_request_review", pr.changes(), null, null);
    }

    private static String firstText(JsonNode payload, String... paths) {
        for (String path : paths) {
            String text = JsonFields.text(payload, path);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    static List<String> nonNull(String... values) {
        return new ArrayList<>(Arrays.stream(values).filter(v -> v != null).toList());
    }
}
