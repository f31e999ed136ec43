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
import java.util.List;
import java.util.Set;

import static io.scrumops.bridge.adapter.scm.GitHubScmReader.nonNull;

/**
 * GitLab Push Hook ({@code object_kind: push}) and Merge Request Hook ({@code object_kind: merge_request}). A merge
 * request is merged when its state is {@code merged} (merged at {@code merged_at}, else the hook's
 * {@code updated_at}); an {@code approved} action by someone other than the author is its first review. GitLab
 * gives no push time: the push is dated by its last commit.
 */
final class GitLabScmReader {

    private static final String NULL_SHA = "0000000000000000000000000000000000000000";

    private GitLabScmReader() {
    }

    static ScmEvent read(DeploymentMapping mapping, String kind, JsonNode payload) {
        return switch (kind) {
            case "push" -> push(mapping, payload);
            case "merge_request" -> mergeRequest(mapping, payload);
            case "note" -> note(mapping, payload);
            default -> throw new MalformedPayloadException("gitlab hook: object_kind '" + kind + "' is not read");
        };
    }

    static String itemKey(String kind, JsonNode payload) {
        String context = "gitlab " + kind;
        String project = JsonFields.requireText(context, payload, "project.path_with_namespace");
        if (kind.equals("push")) {
            return "gitlab:push:" + project + "@" + JsonFields.requireText(context, payload, "ref");
        }
        if (kind.equals("note")) {
            return isMergeRequestNote(payload)
                    ? mergeRequestId(project, JsonFields.requireText(context, payload, "merge_request.iid")) : null;
        }
        return mergeRequestId(project, JsonFields.requireText(context, payload, "object_attributes.iid"));
    }

    static String mergeRequestId(String project, String iid) {
        return "gitlab:merge_request:" + project + "!" + iid;
    }

    static String commitId(String project, String sha) {
        return "gitlab:commit:" + project + "@" + sha;
    }

    private static ScmEvent push(DeploymentMapping mapping, JsonNode payload) {
        String context = "gitlab push hook";
        String project = JsonFields.requireText(context, payload, "project.path_with_namespace");
        String repoUrl = RepoUrls.normalize(JsonFields.requireText(context, payload, "project.web_url"));
        String ref = RepoUrls.branch(JsonFields.requireText(context, payload, "ref"));
        String after = JsonFields.text(payload, "after");
        List<ScmChange> changes = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        Instant last = null;
        JsonNode commits = JsonFields.node(payload, "commits");
        if (commits != null) {
            for (int i = 0; i < commits.size(); i++) {
                JsonNode commit = commits.get(i);
                String sha = JsonFields.requireText(context, commit, "id", "commits[" + i + "].id");
                String message = JsonFields.text(commit, "message");
                Instant at = ScmDates.at(context, commit, "timestamp");
                if (at != null && (last == null || at.isAfter(last))) {
                    last = at;
                }
                shas.add(sha);
                changes.add(new ScmChange(commitId(project, sha), ScmChangeKind.COMMIT, SourceSystem.GITLAB, repoUrl,
                        sha, null, at, at, message, mapping.issueKeysIn(nonNull(message)), null, null, null, null));
            }
        }
        ScmPush push = after == null || after.equals(NULL_SHA) ? null : new ScmPush(repoUrl, ref, after, last, shas);
        return new ScmEvent("gitlab:push", changes, push, null);
    }

    private static ScmEvent mergeRequest(DeploymentMapping mapping, JsonNode payload) {
        String context = "gitlab merge request hook";
        String project = JsonFields.requireText(context, payload, "project.path_with_namespace");
        String repoUrl = RepoUrls.normalize(JsonFields.requireText(context, payload, "project.web_url"));
        JsonNode mr = JsonFields.requireObject(context, payload, "object_attributes");
        String iid = JsonFields.requireText(context, payload, "object_attributes.iid");
        String action = JsonFields.text(mr, "action");
        String state = JsonFields.text(mr, "state");
        Instant created = ScmDates.at(context, mr, "created_at");
        Instant updated = ScmDates.at(context, mr, "updated_at");
        boolean merged = "merged".equals(state) || "merge".equals(action);
        Instant mergedAt = merged ? firstNonNull(ScmDates.at(context, mr, "merged_at"), updated) : null;
        String mergeCommit = merged ? JsonFields.text(mr, "merge_commit_sha") : null;
        String actor = JsonFields.text(payload, "user.id");
        String author = JsonFields.text(mr, "author_id");
        boolean approvedByOther = ("approved".equals(action) || "approval".equals(action))
                && (actor == null || !actor.equals(author));
        Instant firstReview = approvedByOther ? updated : null;
        String lastSha = JsonFields.text(mr, "last_commit.id");
        String title = JsonFields.text(mr, "title");
        String text = String.join("\n", nonNull(title, JsonFields.text(mr, "description"),
                JsonFields.text(mr, "source_branch")));
        String id = mergeRequestId(project, iid);
        List<ScmChange> changes = new ArrayList<>();
        changes.add(new ScmChange(id, ScmChangeKind.PULL_REQUEST, SourceSystem.GITLAB, repoUrl, lastSha, null, null,
                null, title, mapping.issueKeysIn(List.of(text)), created, firstReview, mergedAt, mergeCommit));
        if (lastSha != null) {
            String message = JsonFields.text(mr, "last_commit.message");
            Instant at = ScmDates.at(context, mr, "last_commit.timestamp");
            changes.add(new ScmChange(commitId(project, lastSha), ScmChangeKind.COMMIT, SourceSystem.GITLAB, repoUrl,
                    lastSha, id, at, at, message, mapping.issueKeysIn(nonNull(message)), null, null, null, null));
        }
        return new ScmEvent("gitlab:merge_request", changes, null, null);
    }

    /**
     * A comment on a merge request (Note Hook with {@code noteable_type: MergeRequest}) by someone other than the
     * merge request's author is a review: the earliest one is the first review. System notes (GitLab's own "added 1
     * commit" lines) and comments on commits, issues or snippets are not.
     */
    private static ScmEvent note(DeploymentMapping mapping, JsonNode payload) {
        String context = "gitlab note hook";
        if (!isMergeRequestNote(payload)) {
            return ScmEvent.ignored("gitlab:note", "only comments on merge requests are reviews");
        }
        JsonNode note = JsonFields.requireObject(context, payload, "object_attributes");
        JsonNode mr = JsonFields.requireObject(context, payload, "merge_request");
        String project = JsonFields.requireText(context, payload, "project.path_with_namespace");
        String repoUrl = RepoUrls.normalize(JsonFields.requireText(context, payload, "project.web_url"));
        String iid = JsonFields.requireText(context, payload, "merge_request.iid");
        String commenter = firstNonNull(JsonFields.text(note, "author_id"), JsonFields.text(payload, "user.id"));
        String author = JsonFields.text(mr, "author_id");
        if ("true".equals(JsonFields.text(note, "system"))) {
            return ScmEvent.ignored("gitlab:note", "a system note is not a review");
        }
        if (commenter != null && commenter.equals(author)) {
            return ScmEvent.ignored("gitlab:note", "a comment by the merge request's author is not a review");
        }
        Instant commented = ScmDates.at(context, note, "created_at");
        String title = JsonFields.text(mr, "title");
        String text = String.join("\n", nonNull(title, JsonFields.text(mr, "description"),
                JsonFields.text(mr, "source_branch")));
        ScmChange change = new ScmChange(mergeRequestId(project, iid), ScmChangeKind.PULL_REQUEST, SourceSystem.GITLAB,
                repoUrl, null, null, null, null, title, mapping.issueKeysIn(List.of(text)),
                ScmDates.at(context, mr, "created_at"), commented, null, null);
        return new ScmEvent("gitlab:note", List.of(change), null, null);
    }

    private static boolean isMergeRequestNote(JsonNode payload) {
        return "MergeRequest".equals(JsonFields.text(payload, "object_attributes.noteable_type"))
                && JsonFields.node(payload, "merge_request") != null;
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }

    static final Set<String> KINDS = Set.of("push", "merge_request", "note");
}
