package io.scrumops.bridge.adapter.scm;

import io.scrumops.bridge.model.ScmChange;
import io.scrumops.bridge.model.ScmChangeKind;
import io.scrumops.bridge.model.ScmEvent;
import io.scrumops.bridge.model.ScmPush;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScmEventMapperTest {

    static final Path SHARED = Path.of("../shared/fixtures/payloads/deployments");

    private final ScmEventMapper mapper = new ScmEventMapper(shippedMappings());

    static String fixture(String name) {
        try {
            return Files.readString(SHARED.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScmEvent github(String event, String file) {
        return mapper.read(Map.of("X-GitHub-Event", event), fixture(file));
    }

    @Test
    void githubPushKeepsEachCommitWithItsTimeInUtcAndThePushOfTheBranch() {
        ScmEvent event = github("push", "github-push.json");

        String repo = "https://github.com/openshift-pipelines/pipelines-as-code";
        assertThat(event.changes()).containsExactly(
                new ScmChange("github:commit:openshift-pipelines/pipelines-as-code@ba677db1c9680f674213e76eed1dc3696d7f59a6",
                        ScmChangeKind.COMMIT, SourceSystem.GITHUB, repo, "ba677db1c9680f674213e76eed1dc3696d7f59a6", null,
                        Instant.parse("2021-06-02T13:40:02Z"), Instant.parse("2021-06-02T13:40:02Z"),
                        "Seem like you don't need the @latest to go install\n\nSigned-off-by: Chmouel Boudjnah <chmouel@redhat.com>",
                        Set.of(), null, null, null, null),
                new ScmChange("github:commit:openshift-pipelines/pipelines-as-code@ef75c7db8a921a8c0adaabe2e309f2f9d7ce5bd4",
                        ScmChangeKind.COMMIT, SourceSystem.GITHUB, repo, "ef75c7db8a921a8c0adaabe2e309f2f9d7ce5bd4", null,
                        Instant.parse("2021-06-02T13:46:46Z"), Instant.parse("2021-06-02T13:46:46Z"),
                        "Merge pull request #108 from chmouel/update-readme\n\nSeem like you don't need the @latest to go install",
                        Set.of(), null, null, null, null));
        assertThat(event.push()).isEqualTo(new ScmPush(repo, "main", "ef75c7db8a921a8c0adaabe2e309f2f9d7ce5bd4",
                Instant.parse("2021-06-02T13:46:46Z"),
                List.of("ba677db1c9680f674213e76eed1dc3696d7f59a6", "ef75c7db8a921a8c0adaabe2e309f2f9d7ce5bd4")));
    }

    @Test
    void openedPullRequestHasItsCreationAndNoMerge() {
        ScmEvent event = github("pull_request", "github-pull_request-opened.json");

        ScmChange pr = event.changes().get(0);
        assertThat(pr.id()).isEqualTo("github:pull_request:Codertocat/Hello-World#2");
        assertThat(pr.kind()).isEqualTo(ScmChangeKind.PULL_REQUEST);
        assertThat(pr.repoUrl()).isEqualTo("https://github.com/Codertocat/Hello-World");
        assertThat(pr.prCreatedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:33Z"));
        assertThat(pr.mergedAt()).isNull();
        assertThat(pr.mergeCommitSha()).isNull();
        assertThat(pr.message()).isEqualTo("Update the README with new information.");
        assertThat(event.changes().get(1).id())
                .isEqualTo("github:commit:Codertocat/Hello-World@ec26c3e57ca3a959ca5aad62de7213c562f8c821");
        assertThat(event.changes().get(1).pullRequestId()).isEqualTo("github:pull_request:Codertocat/Hello-World#2");
    }

    @Test
    void mergedPullRequestKeepsMergeTimeAndMergeCommit() {
        ScmChange pr = github("pull_request", "github-pull_request-closed-merged.json").changes().get(0);

        assertThat(pr.id()).isEqualTo("github:pull_request:robvanderleek/create-issue-branch#117");
        assertThat(pr.prCreatedAt()).isEqualTo(Instant.parse("2020-03-23T06:36:20Z"));
        assertThat(pr.mergedAt()).isEqualTo(Instant.parse("2020-03-23T06:46:56Z"));
        assertThat(pr.mergeCommitSha()).isEqualTo("5a47c3f3c22f54f37a3297f2f1c98d860fba4489");
        assertThat(pr.sha()).isEqualTo("59a63ccd828afb5fc4739ad8d3176d5c36eaebf6");
    }

    @Test
    void aReviewByThePullRequestsAuthorIsNoFirstReviewAndTheTestMergeCommitIsNoMerge() {
        ScmChange pr = github("pull_request_review", "github-pull_request_review-submitted.json").changes().get(0);

        assertThat(pr.id()).isEqualTo("github:pull_request:Codertocat/Hello-World#2");
        assertThat(pr.firstReviewAt()).isNull();
        assertThat(pr.mergeCommitSha()).isNull();
        assertThat(pr.mergedAt()).isNull();
    }

    @Test
    void aReviewBySomeoneElseIsTheFirstReview() {
        var payload = (com.fasterxml.jackson.databind.node.ObjectNode) io.scrumops.bridge.adapter.JsonFields.parse("t",
                fixture("github-pull_request_review-submitted.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("review").get("user")).put("login", "reviewer");
        ScmChange pr = mapper.read(Map.of("X-GitHub-Event", "pull_request_review"), payload.toString()).changes().get(0);

        assertThat(pr.firstReviewAt()).isEqualTo(Instant.parse("2019-05-15T15:20:38Z"));
    }

    @Test
    void gitlabPushReadsCommitsWithTheirOwnOffsets() {
        ScmEvent event = mapper.read(Map.of("X-Gitlab-Event", "Push Hook"), fixture("gitlab-push-hook.json"));

        assertThat(event.changes()).extracting(ScmChange::id, ScmChange::authoredAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("gitlab:commit:gitlab-org/hello-world@c4c79227ed610f1151f05bbc5be33b4f340d39c8",
                        Instant.parse("2017-12-10T16:28:36Z")),
                org.assertj.core.groups.Tuple.tuple("gitlab:commit:gitlab-org/hello-world@78a76ee6b4992a6baf64c59fc4c44c7323d60438",
                        Instant.parse("2017-12-10T17:08:06Z")));
        assertThat(event.push()).isEqualTo(new ScmPush("https://gitlab.com/gitlab-org/hello-world", "master",
                "78a76ee6b4992a6baf64c59fc4c44c7323d60438", Instant.parse("2017-12-10T17:08:06Z"),
                List.of("c4c79227ed610f1151f05bbc5be33b4f340d39c8", "78a76ee6b4992a6baf64c59fc4c44c7323d60438")));
    }

    @Test
    void gitlabMergeRequestReadsGitlabsOwnDateFormat() {
        ScmEvent event = mapper.read(Map.of("X-Gitlab-Event", "Merge Request Hook"),
                fixture("gitlab-merge-request-hook-open.json"));

        ScmChange mr = event.changes().get(0);
        assertThat(mr.id()).isEqualTo("gitlab:merge_request:gitlab-org/hello-world!1");
        assertThat(mr.prCreatedAt()).isEqualTo(Instant.parse("2017-12-10T17:01:11Z"));
        assertThat(mr.mergedAt()).isNull();
        ScmChange lastCommit = event.changes().get(1);
        assertThat(lastCommit.pullRequestId()).isEqualTo("gitlab:merge_request:gitlab-org/hello-world!1");
        assertThat(lastCommit.authoredAt()).isEqualTo(Instant.parse("2017-12-10T16:28:36Z"));
    }

    @Test
    void mergedMergeRequestTakesItsMergeCommit() {
        String body = fixture("gitlab-merge-request-hook-open.json")
                .replace("\"state\": \"opened\"", "\"state\": \"merged\"")
                .replace("\"merge_commit_sha\": null", "\"merge_commit_sha\": \"78a76ee6b4992a6baf64c59fc4c44c7323d60438\"")
                .replace("\"updated_at\": \"2017-12-10 17:01:11 UTC\"", "\"updated_at\": \"2017-12-10 17:08:06 UTC\"");
        ScmChange mr = mapper.read(Map.of("X-Gitlab-Event", "Merge Request Hook"), body).changes().get(0);

        assertThat(mr.mergedAt()).isEqualTo(Instant.parse("2017-12-10T17:08:06Z"));
        assertThat(mr.mergeCommitSha()).isEqualTo("78a76ee6b4992a6baf64c59fc4c44c7323d60438");
    }

    static String localFixture(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/fixtures/payloads/deployments").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void gitlabCommentOnAMergeRequestByAnotherUserIsItsFirstReview() {
        Map<String, String> headers = Map.of("X-Gitlab-Event", "Note Hook");
        String body = localFixture("gitlab-note-hook-merge-request.json");

        assertThat(ScmEventMapper.handles(headers, io.scrumops.bridge.adapter.JsonFields.parse("t", body))).isTrue();
        assertThat(ScmEventMapper.itemKey(headers, io.scrumops.bridge.adapter.JsonFields.parse("t", body)))
                .isEqualTo("gitlab:merge_request:gitlab-org/hello-world!1");
        ScmEvent event = mapper.read(headers, body);

        assertThat(event.ignored()).isNull();
        assertThat(event.changes()).singleElement().satisfies(mr -> {
            assertThat(mr.id()).isEqualTo("gitlab:merge_request:gitlab-org/hello-world!1");
            assertThat(mr.kind()).isEqualTo(ScmChangeKind.PULL_REQUEST);
            assertThat(mr.repoUrl()).isEqualTo("https://gitlab.com/gitlab-org/hello-world");
            assertThat(mr.firstReviewAt()).isEqualTo(Instant.parse("2017-12-10T17:05:42Z"));
            assertThat(mr.prCreatedAt()).isEqualTo(Instant.parse("2017-12-10T17:01:11Z"));
            assertThat(mr.mergedAt()).isNull();
            assertThat(mr.mergeCommitSha()).isNull();
        });
    }

    @Test
    void gitlabCommentByTheMergeRequestsAuthorOrBySystemIsNoReview() {
        Map<String, String> headers = Map.of("X-Gitlab-Event", "Note Hook");
        String byAuthor = localFixture("gitlab-note-hook-merge-request.json")
                .replace("\"author_id\": 2083561", "\"author_id\": 51764").replace("\"id\": 2083561", "\"id\": 51764");
        String bySystem = localFixture("gitlab-note-hook-merge-request.json").replace("\"system\": false", "\"system\": true");

        assertThat(mapper.read(headers, byAuthor).ignored()).contains("author");
        assertThat(mapper.read(headers, byAuthor).changes()).isEmpty();
        assertThat(mapper.read(headers, bySystem).ignored()).contains("system note");
    }

    @Test
    void gitlabCommentOnACommitIsAcknowledgedAndIgnored() {
        Map<String, String> headers = Map.of("X-Gitlab-Event", "Note Hook");
        String onCommit = localFixture("gitlab-note-hook-merge-request.json")
                .replace("\"noteable_type\": \"MergeRequest\"", "\"noteable_type\": \"Commit\"");

        assertThat(ScmEventMapper.handles(headers, io.scrumops.bridge.adapter.JsonFields.parse("t", onCommit))).isTrue();
        assertThat(ScmEventMapper.itemKey(headers, io.scrumops.bridge.adapter.JsonFields.parse("t", onCommit))).isNull();
        assertThat(mapper.read(headers, onCommit).ignored()).contains("merge requests");
    }

    @Test
    void pipelineHooksAreAcknowledgedAndIgnored() {
        assertThat(ScmEventMapper.handles(Map.of("X-Gitlab-Event", "Pipeline Hook"),
                io.scrumops.bridge.adapter.JsonFields.parse("t", fixture("gitlab-pipeline-hook.json")))).isTrue();
        ScmEvent event = mapper.read(Map.of("X-Gitlab-Event", "Pipeline Hook"), fixture("gitlab-pipeline-hook.json"));

        assertThat(event.ignored()).contains("not deployments");
        assertThat(event.changes()).isEmpty();
    }

    @Test
    void deploymentEventsAreNotRepositoryEvents() {
        assertThat(ScmEventMapper.handles(Map.of("X-GitHub-Event", "deployment_status"),
                io.scrumops.bridge.adapter.JsonFields.parse("t", "{}"))).isFalse();
        assertThat(ScmEventMapper.handles(Map.of("X-Gitlab-Event", "Deployment Hook"),
                io.scrumops.bridge.adapter.JsonFields.parse("t", fixture("gitlab-deployment-hook-success.json")))).isFalse();
    }

    @Test
    void issueKeysComeFromCommitMessagesWithTheDeploymentPatterns() {
        String body = fixture("gitlab-push-hook.json").replace("update readme\\n", "PAY-12 update readme (CHG0030001)\\n");
        ScmChange first = mapper.read(Map.of("X-Gitlab-Event", "Push Hook"), body).changes().get(0);

        assertThat(first.issueKeys()).containsExactlyInAnyOrder("PAY-12", "CHG0030001");
    }

    @Test
    void anUnreadableDateIsRefusedNamingTheField() {
        String body = fixture("gitlab-push-hook.json").replace("2017-12-10T08:28:36-08:00", "yesterday");
        assertThatThrownBy(() -> mapper.read(Map.of("X-Gitlab-Event", "Push Hook"), body))
                .hasMessageContaining("timestamp").hasMessageContaining("yesterday");
    }
}
