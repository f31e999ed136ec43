package io.scrumops.bridge.ingest;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.store.QuarantineRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Repository and deployment events through the real door, inbox, topic and normalizer: every payload of
 * {@code ../shared/fixtures/payloads/deployments/} ends as the expected change, deployment or acknowledged-and-ignored
 * event, and the rows the metrics read (scm_change, deployment_commit, deployment_change, incident_cause,
 * status_change) hold the values written here.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.jira.deployment=DATA_CENTER",
        "scrumops.jira.reconcile.period-ms=3600000",
        "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.servicenow.poll.tables=incident"})
class ScmDeploymentIngestIT {

    static final Path SHARED = Path.of("../shared/fixtures/payloads");
    static final WireMockServer JIRA = new WireMockServer(options().dynamicPort());
    static final WireMockServer SERVICENOW = new WireMockServer(options().dynamicPort());

    static {
        JIRA.start();
        SERVICENOW.start();
        // Jira's status list, read (and kept a while) by whichever test feeds an issue first
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/status")).willReturn(okJson("""
                [{"name": "Awaiting Triage", "statusCategory": {"key": "new"}},
                 {"name": "Open", "statusCategory": {"key": "new"}}]""")));
    }

    @DynamicPropertySource
    static void remotes(DynamicPropertyRegistry registry) {
        io.scrumops.bridge.support.BridgeIt.wire(registry, io.scrumops.bridge.support.BridgeIt.mappings(), JIRA, SERVICENOW);
    }

    @AfterAll
    static void stopRemotes() {
        JIRA.stop();
        SERVICENOW.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    InboxRepository inbox;
    @Autowired
    QuarantineRepository quarantine;
    @Autowired
    DataSource dataSource;
    @Autowired
    JiraReconciler jiraReconciler;
    @Autowired
    io.scrumops.bridge.metrics.DoraMetrics dora;

    JdbcClient sql() {
        return JdbcClient.create(dataSource);
    }

    static String shared(String path) {
        try {
            return Files.readString(SHARED.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts and waits until the record is stored; returns "processed" or "quarantined: reason" or "refused: ...". */
    String post(String path, String body, String headerName, String headerValue) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (headerName != null) {
            headers.set(headerName, headerValue);
        }
        var response = http.withBasicAuth("admin", "test-admin-password")
                .postForEntity(path, new HttpEntity<>(body, headers), Map.class);
        int status = response.getStatusCode().value();
        assertThat(status).as("no payload may crash a route").isLessThan(500);
        if (status >= 400) {
            return "refused: " + response.getBody();
        }
        long inboxId = ((Number) response.getBody().get("inboxId")).longValue();
        return settled(inboxId);
    }

    String github(String event, String body) {
        return post("/webhooks/deployments", body, "X-GitHub-Event", event);
    }

    String gitlab(String hook, String body) {
        return post("/webhooks/deployments", body, "X-Gitlab-Event", hook);
    }

    Map<String, Object> row(String query, Object... params) {
        var statement = sql().sql(query);
        for (int i = 0; i < params.length; i++) {
            statement = statement.param(i + 1, params[i]);
        }
        return statement.query().singleRow();
    }

    List<String> strings(String query, Object... params) {
        var statement = sql().sql(query);
        for (int i = 0; i < params.length; i++) {
            statement = statement.param(i + 1, params[i]);
        }
        return statement.query(String.class).list();
    }

    static OffsetDateTime utc(String iso) {
        return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static OffsetDateTime at(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC);
        }
        return ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Test
    void githubPushStoresEachCommitAndWhatWasPushedToTheBranch() {
        assertThat(github("push", shared("deployments/github-push.json"))).isEqualTo("processed");

        var first = row("select * from scm_change where id = ?",
                "github:commit:openshift-pipelines/pipelines-as-code@ba677db1c9680f674213e76eed1dc3696d7f59a6");
        assertThat(first.get("kind")).isEqualTo("COMMIT");
        assertThat(first.get("repo_url")).isEqualTo("https://github.com/openshift-pipelines/pipelines-as-code");
        assertThat(at(first.get("authored_at"))).isEqualTo(utc("2021-06-02T13:40:02Z"));
        assertThat(at(first.get("committed_at"))).isEqualTo(utc("2021-06-02T13:40:02Z"));
        assertThat((String) first.get("message")).startsWith("Seem like you don't need the @latest");
        assertThat(first.get("ship_sha")).isEqualTo("ba677db1c9680f674213e76eed1dc3696d7f59a6");
        assertThat(strings("select sha from scm_pushed_commit where repo_url = ? and ref = 'main' order by seq",
                "https://github.com/openshift-pipelines/pipelines-as-code"))
                .containsExactly("ba677db1c9680f674213e76eed1dc3696d7f59a6", "ef75c7db8a921a8c0adaabe2e309f2f9d7ce5bd4");
    }

    @Test
    void githubPullRequestOpenedReviewedByItsAuthorAndAnotherMerged() {
        assertThat(github("pull_request", shared("deployments/github-pull_request-opened.json"))).isEqualTo("processed");
        assertThat(github("pull_request_review", shared("deployments/github-pull_request_review-submitted.json")))
                .isEqualTo("processed");

        var opened = row("select * from scm_change where id = ?", "github:pull_request:Codertocat/Hello-World#2");
        assertThat(opened.get("kind")).isEqualTo("PULL_REQUEST");
        assertThat(at(opened.get("pr_created_at"))).isEqualTo(utc("2019-05-15T15:20:33Z"));
        assertThat(opened.get("first_review_at")).as("the author's own review is no review").isNull();
        assertThat(opened.get("merged_at")).isNull();
        assertThat(opened.get("merge_commit_sha")).as("GitHub's test merge is no merge").isNull();
        assertThat(row("select pull_request_id from scm_change where id = ?",
                "github:commit:Codertocat/Hello-World@ec26c3e57ca3a959ca5aad62de7213c562f8c821").get("pull_request_id"))
                .isEqualTo("github:pull_request:Codertocat/Hello-World#2");

        assertThat(github("pull_request", shared("deployments/github-pull_request-closed-merged.json"))).isEqualTo("processed");
        var merged = row("select * from scm_change where id = ?", "github:pull_request:robvanderleek/create-issue-branch#117");
        assertThat(at(merged.get("pr_created_at"))).isEqualTo(utc("2020-03-23T06:36:20Z"));
        assertThat(at(merged.get("merged_at"))).isEqualTo(utc("2020-03-23T06:46:56Z"));
        assertThat(merged.get("merge_commit_sha")).isEqualTo("5a47c3f3c22f54f37a3297f2f1c98d860fba4489");
        assertThat(merged.get("ship_sha")).isEqualTo("5a47c3f3c22f54f37a3297f2f1c98d860fba4489");
    }

    @Test
    void githubDeploymentThenItsSuccessAreOneDeploymentWithItsCommitRow() {
        assertThat(github("deployment", shared("deployments/github-deployment.json"))).isEqualTo("processed");
        var queued = row("select status, started_at, finished_at from deployment where id = 'github:deployment:145988746'");
        assertThat(queued.get("status")).isEqualTo("QUEUED");

        assertThat(github("deployment_status", shared("deployments/github-deployment_status-success.json")))
                .isEqualTo("processed");
        var done = row("select * from deployment where id = 'github:deployment:145988746'");
        assertThat(done.get("status")).isEqualTo("SUCCESS");
        assertThat(done.get("environment_type")).isEqualTo("PRODUCTION");
        assertThat(done.get("scope")).isEqualTo("Codertocat/Hello-World");
        assertThat(at(done.get("started_at"))).isEqualTo(utc("2019-05-15T15:20:53Z"));
        assertThat(at(done.get("finished_at"))).isEqualTo(utc("2019-05-15T15:20:55Z"));
        var commit = row("select * from deployment_commit where deployment_id = 'github:deployment:145988746'");
        assertThat(commit.get("repo_url")).isEqualTo("https://github.com/Codertocat/Hello-World");
        assertThat(commit.get("sha")).isEqualTo("f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        assertThat(commit.get("result")).isEqualTo("SUCCESS");
        assertThat(commit.get("environment_type")).isEqualTo("PRODUCTION");
        assertThat(at(commit.get("finished_at"))).isEqualTo(utc("2019-05-15T15:20:55Z"));
        assertThat(strings("select sha || ' ' || rule from deployment_change where deployment_commit_id = ?",
                commit.get("id"))).containsExactly("f95f852bd8fca8fcc58a9a2d6c842781e32a215e LISTED");
    }

    @Test
    void githubFailedAndInProgressStatusesAreStoredAsSuch() {
        assertThat(github("deployment_status", shared("deployments/github-deployment_status-failure.json")))
                .isEqualTo("processed");
        var failed = row("select * from deployment where id = 'github:deployment:710692'");
        assertThat(failed.get("status")).isEqualTo("FAILURE");
        assertThat(at(failed.get("finished_at"))).isEqualTo(utc("2015-05-05T23:40:39Z"));
        assertThat(row("select result from deployment_commit where deployment_id = 'github:deployment:710692'")
                .get("result")).isEqualTo("FAILURE");

        // the in_progress sample reuses the id of the success sample; it is stored under an id of its own here
        String pages = shared("deployments/github-deployment_status-in_progress-pages.json")
                .replace("145988746", "7145988746");
        assertThat(github("deployment_status", pages)).isEqualTo("processed");
        var running = row("select * from deployment where id = 'github:deployment:7145988746'");
        assertThat(running.get("status")).isEqualTo("IN_PROGRESS");
        assertThat(running.get("environment")).isEqualTo("github-pages");
        assertThat(running.get("environment_type")).as("deployments.yaml: a Pages deployment publishes the live site")
                .isEqualTo("PRODUCTION");
        assertThat(running.get("finished_at")).isNull();
    }

    @Test
    void inactiveDoesNotMoveTheFinishOrTheResultOfTheSupersededDeployment() {
        String success = shared("deployments/github-deployment_status-success.json").replace("145988746", "8145988746");
        String failure = shared("deployments/github-deployment_status-failure.json").replace("710692", "8710692");
        assertThat(github("deployment_status", success)).isEqualTo("processed");
        assertThat(github("deployment_status", failure)).isEqualTo("processed");

        String laterInactive = success.replace("\"state\": \"success\"", "\"state\": \"inactive\"")
                .replace("2019-05-15T15:20:55Z", "2019-06-01T09:00:00Z").replace("209916254", "209916299");
        String failureInactive = failure.replace("\"state\": \"failure\"", "\"state\": \"inactive\"")
                .replace("2015-05-05T23:40:39Z", "2015-06-01T09:00:00Z").replace("1115123", "1115199");
        assertThat(github("deployment_status", laterInactive)).isEqualTo("processed");
        assertThat(github("deployment_status", failureInactive)).isEqualTo("processed");

        var kept = row("select status, finished_at from deployment where id = 'github:deployment:8145988746'");
        assertThat(kept.get("status")).isEqualTo("SUCCESS");
        assertThat(at(kept.get("finished_at"))).isEqualTo(utc("2019-05-15T15:20:55Z"));
        var stillFailed = row("select status, finished_at from deployment where id = 'github:deployment:8710692'");
        assertThat(stillFailed.get("status")).isEqualTo("FAILURE");
        assertThat(at(stillFailed.get("finished_at"))).isEqualTo(utc("2015-05-05T23:40:39Z"));
    }

    @Test
    void gitlabKeepsTheStartOfTheRunningEventWhateverTheOrder() {
        String success = shared("deployments/gitlab-deployment-hook-success.json");
        String running = success.replace("\"status\": \"success\"", "\"status\": \"running\"")
                .replace("2021-04-28 21:50:00 +0200", "2021-04-28 21:41:30 +0200");
        assertThat(gitlab("Deployment Hook", running)).isEqualTo("processed");
        assertThat(gitlab("Deployment Hook", success)).isEqualTo("processed");
        var inOrder = row("select * from deployment where id = 'gitlab:deployment:15'");
        assertThat(inOrder.get("status")).isEqualTo("SUCCESS");
        assertThat(inOrder.get("environment_type")).isEqualTo("STAGING");
        assertThat(at(inOrder.get("started_at"))).isEqualTo(utc("2021-04-28T19:41:30Z"));
        assertThat(at(inOrder.get("finished_at"))).isEqualTo(utc("2021-04-28T19:50:00Z"));
        var commit = row("select * from deployment_commit where deployment_id = 'gitlab:deployment:15'");
        assertThat(commit.get("sha")).isEqualTo("279484c09fbe69ededfced8c1bb6e6d24616b468");
        assertThat(commit.get("repo_url")).isEqualTo("http://10.126.0.2:3000/root/test-deployment-webhooks");
        assertThat(at(commit.get("started_at"))).isEqualTo(utc("2021-04-28T19:41:30Z"));

        String lateSuccess = success.replace("\"deployment_id\": 15", "\"deployment_id\": 1015");
        String lateRunning = running.replace("\"deployment_id\": 15", "\"deployment_id\": 1015");
        assertThat(gitlab("Deployment Hook", lateSuccess)).isEqualTo("processed");
        assertThat(gitlab("Deployment Hook", lateRunning)).isEqualTo("processed");
        var reversed = row("select * from deployment where id = 'gitlab:deployment:1015'");
        assertThat(reversed.get("status")).isEqualTo("SUCCESS");
        assertThat(at(reversed.get("started_at"))).isEqualTo(utc("2021-04-28T19:41:30Z"));
        assertThat(at(reversed.get("finished_at"))).isEqualTo(utc("2021-04-28T19:50:00Z"));
    }

    @Test
    void gitlabMergeRequestPipelineAndJenkinsEvents() {
        assertThat(gitlab("Merge Request Hook", shared("deployments/gitlab-merge-request-hook-open.json")))
                .isEqualTo("processed");
        var mr = row("select * from scm_change where id = 'gitlab:merge_request:gitlab-org/hello-world!1'");
        assertThat(mr.get("kind")).isEqualTo("PULL_REQUEST");
        assertThat(at(mr.get("pr_created_at"))).isEqualTo(utc("2017-12-10T17:01:11Z"));
        assertThat(at(mr.get("authored_at"))).as("its first known commit").isEqualTo(utc("2017-12-10T16:28:36Z"));
        assertThat(mr.get("merged_at")).isNull();

        long before = sql().sql("select count(*) from deployment").query(Long.class).single();
        long changesBefore = sql().sql("select count(*) from scm_change").query(Long.class).single();
        assertThat(gitlab("Pipeline Hook", shared("deployments/gitlab-pipeline-hook.json"))).isEqualTo("processed");
        assertThat(sql().sql("select count(*) from deployment").query(Long.class).single()).isEqualTo(before);
        assertThat(sql().sql("select count(*) from scm_change").query(Long.class).single()).isEqualTo(changesBefore);

        assertThat(post("/webhooks/deployments", shared("deployments/jenkins-notification-plugin-started.json"), null,
                null)).isEqualTo("processed");
        var jenkins = row("select * from deployment where id = 'jenkins:deployment:JobName#1'");
        assertThat(jenkins.get("status")).as("build.status is stale while STARTED").isEqualTo("IN_PROGRESS");
        assertThat(row("select sha, repo_url from deployment_commit where deployment_id = 'jenkins:deployment:JobName#1'"))
                .containsEntry("sha", "jenkins:deployment:JobName#1").containsEntry("repo_url", "");
    }

    @Test
    void gitlabNoteHookOnAMergeRequestGivesItsFirstReviewTheEarliestCommentBySomeoneElse() throws IOException {
        // merge request !71: the shared sample under another number, so that no other test's delivery is a duplicate
        String opened = shared("deployments/gitlab-merge-request-hook-open.json").replace("\"iid\": 1,", "\"iid\": 71,");
        String comment = Files.readString(Path.of("src/test/resources/fixtures/payloads/deployments/"
                + "gitlab-note-hook-merge-request.json")).replace("\"iid\": 1,", "\"iid\": 71,");
        String id = "gitlab:merge_request:gitlab-org/hello-world!71";
        assertThat(gitlab("Merge Request Hook", opened)).isEqualTo("processed");

        String authorsOwn = comment.replace("\"author_id\": 2083561", "\"author_id\": 51764")
                .replace("\"id\": 2083561", "\"id\": 51764").replace("\"id\": 50931227", "\"id\": 50931001")
                .replace("\"created_at\": \"2017-12-10 17:05:42 UTC\"", "\"created_at\": \"2017-12-10 17:02:00 UTC\"");
        assertThat(post("/webhooks/scm", authorsOwn, "X-Gitlab-Event", "Note Hook")).isEqualTo("processed");
        assertThat(row("select first_review_at from scm_change where id = ?", id).get("first_review_at"))
                .as("the author's own comment is no review").isNull();

        assertThat(post("/webhooks/scm", comment, "X-Gitlab-Event", "Note Hook")).isEqualTo("processed");
        String later = comment.replace("\"id\": 50931227", "\"id\": 50931999")
                .replace("\"created_at\": \"2017-12-10 17:05:42 UTC\"", "\"created_at\": \"2017-12-10 18:30:00 UTC\"");
        assertThat(post("/webhooks/scm", later, "X-Gitlab-Event", "Note Hook")).isEqualTo("processed");

        var mr = row("select * from scm_change where id = ?", id);
        assertThat(at(mr.get("first_review_at"))).isEqualTo(utc("2017-12-10T17:05:42Z"));
        assertThat(at(mr.get("pr_created_at"))).isEqualTo(utc("2017-12-10T17:01:11Z"));
        assertThat(mr.get("merged_at")).isNull();
        assertThat(sql().sql("select count(*) from scm_change where id like 'gitlab:merge_request:gitlab-org/hello-world!71%'")
                .query(Long.class).single()).as("the comments made no change of their own").isEqualTo(1);
    }

    @Test
    void aDeploymentShipsTheCommitsPushedSinceThePreviousOneAndLeadTimeRunsFromCommitToProduction() {
        assertThat(post("/webhooks/scm", shared("deployments/gitlab-push-hook.json"), "X-Gitlab-Event", "Push Hook"))
                .isEqualTo("processed");
        String firstDeploy = shared("deployments/gitlab-deployment-hook-success.json")
                .replace("\"deployment_id\": 15", "\"deployment_id\": 2001")
                .replace("\"environment\": \"staging\"", "\"environment\": \"production\"")
                .replace("2021-04-28 21:50:00 +0200", "2017-12-11 09:00:00 +0000")
                .replace("\"path_with_namespace\": \"root/test-deployment-webhooks\"",
                        "\"path_with_namespace\": \"gitlab-org/hello-world\"")
                .replace("\"web_url\": \"http://10.126.0.2:3000/root/test-deployment-webhooks\"",
                        "\"web_url\": \"https://gitlab.com/gitlab-org/hello-world\"")
                .replace("279484c09fbe69ededfced8c1bb6e6d24616b468", "78a76ee6b4992a6baf64c59fc4c44c7323d60438")
                .replace("\"ref\": \"1.0.0\"", "\"ref\": \"master\"");
        assertThat(gitlab("Deployment Hook", firstDeploy)).isEqualTo("processed");

        assertThat(strings("""
                        select ch.sha || ' ' || ch.rule from deployment_change ch
                        join deployment_commit dc on dc.id = ch.deployment_commit_id
                        where dc.deployment_id = 'gitlab:deployment:2001' order by ch.sha"""))
                .containsExactly("78a76ee6b4992a6baf64c59fc4c44c7323d60438 PUSHED_SINCE_PREVIOUS",
                        "c4c79227ed610f1151f05bbc5be33b4f340d39c8 PUSHED_SINCE_PREVIOUS");
        // commit 16:28:36Z -> production 09:00:00Z next day; merge commit 17:08:06Z -> 09:00:00Z
        assertThat(sql().sql("""
                        select extract(epoch from dc.finished_at - c.authored_at)::bigint from scm_change c
                        join deployment_change ch on ch.sha = c.sha
                        join deployment_commit dc on dc.id = ch.deployment_commit_id
                        where dc.environment_type = 'PRODUCTION' and dc.result = 'SUCCESS' and c.kind = 'COMMIT'
                          and c.repo_url = 'https://gitlab.com/gitlab-org/hello-world'
                        order by c.authored_at""").query(Long.class).list())
                .containsExactly(59_484L, 57_114L);

        String secondPush = """
                {"object_kind": "push", "before": "78a76ee6b4992a6baf64c59fc4c44c7323d60438", "after": "e2",
                 "ref": "refs/heads/master",
                 "project": {"path_with_namespace": "gitlab-org/hello-world",
                             "web_url": "https://gitlab.com/gitlab-org/hello-world"},
                 "commits": [{"id": "e1", "message": "PAY-12 retry", "timestamp": "2017-12-12T08:00:00Z"},
                             {"id": "e2", "message": "PAY-12 tidy", "timestamp": "2017-12-12T08:30:00Z"}]}""";
        assertThat(gitlab("Push Hook", secondPush)).isEqualTo("processed");
        String secondDeploy = firstDeploy.replace("\"deployment_id\": 2001", "\"deployment_id\": 2002")
                .replace("2017-12-11 09:00:00 +0000", "2017-12-12 10:00:00 +0000")
                .replace("78a76ee6b4992a6baf64c59fc4c44c7323d60438", "e2");
        assertThat(gitlab("Deployment Hook", secondDeploy)).isEqualTo("processed");
        assertThat(strings("""
                        select ch.sha from deployment_change ch
                        join deployment_commit dc on dc.id = ch.deployment_commit_id
                        where dc.deployment_id = 'gitlab:deployment:2002' order by ch.sha"""))
                .as("only what was pushed after the previous production deployment's commit").containsExactly("e1", "e2");
        assertThat(row("select issue_keys from scm_change where id = 'gitlab:commit:gitlab-org/hello-world@e1'")
                .get("issue_keys").toString()).contains("PAY-12");

        // the same figures through the lead-time items of the DORA API (default profile), in tenths of minutes:
        // e2 08:30 -> 10:00, e1 08:00 -> 10:00, 17:08:06 -> 09:00:00, 16:28:36 -> 09:00:00
        var filter = new io.scrumops.bridge.metrics.MetricsFilter(null, "gitlab-org/hello-world",
                java.time.Instant.parse("2017-12-01T00:00:00Z"), java.time.Instant.parse("2018-01-01T00:00:00Z"), null);
        assertThat(dora.items(filter, "leadTime", 100, 0).stream().map(item -> Math.round(item.value() * 10)).sorted()
                .toList()).containsExactly(900L, 1_200L, 9_519L, 9_914L);
    }

    @Test
    void aClosedChangeRequestAndThePipelineRunOfTheSameChangeCountOnce() {
        String change = shared("servicenow/sn_chg_rest-get-change-display-value.json");
        assertThat(post("/webhooks/servicenow", change, null, null)).isEqualTo("processed");
        String changeDeployment = "servicenow:deployment:1766f1de47410200e90d87e8dee490f6";
        assertThat(row("select change_number from deployment where id = ?", changeDeployment).get("change_number"))
                .isEqualTo("CHG0000024");
        assertThat(strings("select deployment_id from deployment_commit where deployment_id = ?", changeDeployment))
                .as("counted while no pipeline run names the change").hasSize(1);

        String pipeline = """
                {"id": "cab-24", "service": "edge-routers", "environment": "production", "status": "success",
                 "startedAt": "2015-07-06T18:50:00Z", "finishedAt": "2015-07-06T18:56:00Z",
                 "repoUrl": "https://git.example.com/net/edge", "sha": "b9", "changeNumber": "CHG0000024"}""";
        assertThat(post("/webhooks/deployments", pipeline, null, null)).isEqualTo("processed");
        assertThat(strings("""
                        select dc.deployment_id from deployment_commit dc join deployment d on d.id = dc.deployment_id
                        where d.change_number = 'CHG0000024'"""))
                .containsExactly("generic:deployment:cab-24");

        String otherChange = change.replace("1766f1de47410200e90d87e8dee490f6", "2766f1de47410200e90d87e8dee490f6")
                .replace("CHG0000024", "CHG0000025");
        String otherPipeline = pipeline.replace("cab-24", "cab-25").replace("CHG0000024", "CHG0000025");
        assertThat(post("/webhooks/deployments", otherPipeline, null, null)).isEqualTo("processed");
        assertThat(post("/webhooks/servicenow", otherChange, null, null)).isEqualTo("processed");
        assertThat(strings("""
                        select dc.deployment_id from deployment_commit dc join deployment d on d.id = dc.deployment_id
                        where d.change_number = 'CHG0000025'"""))
                .containsExactly("generic:deployment:cab-25");

        String incident = shared("servicenow/table-get-incident-problem_id.json")
                .replace("\"caused_by\": \"\"", "\"caused_by\": {\"display_value\": \"CHG0000024\", \"value\": \"1766f1de47410200e90d87e8dee490f6\"}")
                .replace("a9e30c7dc61122760116894de7bcc7bd", "b9e30c7dc61122760116894de7bcc7bd")
                .replace("INC0000046", "INC0009046");
        assertThat(post("/webhooks/servicenow", incident, null, null)).isEqualTo("processed");
        var cause = row("select * from incident_cause where incident_id = 'servicenow:incident:b9e30c7dc61122760116894de7bcc7bd'");
        assertThat(cause.get("source")).isEqualTo("SERVICENOW_CAUSED_BY");
        assertThat(cause.get("change_ref")).isEqualTo("CHG0000024");
        assertThat(cause.get("deployment_id")).as("the pipeline run, the one counted").isEqualTo("generic:deployment:cab-24");
        assertThat(cause.get("problem_ref")).isEqualTo("a9e4890bc6112276003d7a5a5c774a74");
    }

    @Test
    void anIncidentThatNamesOnlyItsProblemKeepsTheProblem() {
        assertThat(post("/webhooks/servicenow", shared("servicenow/table-get-incident-problem_id.json"), null, null))
                .isEqualTo("processed");
        var cause = row("select * from incident_cause where incident_id = 'servicenow:incident:a9e30c7dc61122760116894de7bcc7bd'");
        assertThat(cause.get("source")).isEqualTo("SERVICENOW_PROBLEM");
        assertThat(cause.get("problem_ref")).isEqualTo("a9e4890bc6112276003d7a5a5c774a74");
        assertThat(cause.get("change_ref")).isNull();
        assertThat(cause.get("deployment_id")).isNull();
    }

    @Test
    void aJiraIssueWithFixVersionsAndLinksIsStoredWithItsWholeHistory() {
        var issue = io.scrumops.bridge.adapter.JsonFields.parse("t",
                shared("jira/rest-v2-get-issue-fixversions-issuelinks.json"));
        InboundFeed.Receipt receipt = jiraReconciler.feedIssue(issue);
        String outcome = settled(receipt.inboxId());
        assertThat(outcome).isEqualTo("processed");
        assertThat(strings("select source_from || '>' || source_to || ' ' || coalesce(to_status, '?') from status_change"
                + " where work_item_id = 'jira:issue:10010' order by changed_at"))
                .containsExactly("Open>In Progress IN_PROGRESS");
        assertThat(sql().sql("select count(*) from incident_cause where incident_id = 'jira:issue:10010'")
                .query(Long.class).single()).as("Duplicate links name no cause").isZero();
    }

    @Test
    void aTruncatedChangelogIsPagedAndAStatusTheMappingDroppedIsPlacedByJirasStatusList() {
        String changelogPath = "/rest/api/2/issue/10002/changelog";
        JIRA.stubFor(get(urlPathEqualTo(changelogPath)).withQueryParam("startAt", equalTo("0")).willReturn(okJson("""
                {"startAt": 0, "maxResults": 2, "total": 4, "isLast": false, "values": [
                  {"id": "501", "created": "2011-12-14T10:30:00.000+1300", "items": [
                    {"field": "status", "fieldtype": "jira", "fromString": "Open", "toString": "Awaiting Triage"}]},
                  {"id": "502", "created": "2011-12-14T11:30:00.000+1300", "items": [
                    {"field": "status", "fieldtype": "jira", "fromString": "Awaiting Triage", "toString": "Legacy QA"}]}
                ]}""")));
        JIRA.stubFor(get(urlPathEqualTo(changelogPath)).withQueryParam("startAt", equalTo("2"))
                .willReturn(okJson(shared("jira/rest-v3-changelog-page-spec-example.json"))));
        var issue = (com.fasterxml.jackson.databind.node.ObjectNode) io.scrumops.bridge.adapter.JsonFields.parse("t",
                shared("jira/rest-v2-server-get-issue.json"));
        issue.set("changelog", io.scrumops.bridge.adapter.JsonFields.parse("t", """
                {"startAt": 0, "maxResults": 1, "total": 4, "histories": [
                  {"id": "501", "created": "2011-12-14T10:30:00.000+1300", "items": [
                    {"field": "status", "fieldtype": "jira", "fromString": "Open", "toString": "Awaiting Triage"}]}]}"""));

        String outcome = settled(jiraReconciler.feedIssue(issue).inboxId());

        assertThat(outcome).isEqualTo("processed");
        JIRA.verify(1, getRequestedFor(urlPathEqualTo(changelogPath)).withQueryParam("startAt", equalTo("0")));
        JIRA.verify(1, getRequestedFor(urlPathEqualTo(changelogPath)).withQueryParam("startAt", equalTo("2")));
        assertThat(strings("select source_from || '>' || source_to || ' ' || coalesce(to_status, 'unmapped')"
                + " from status_change where work_item_id = 'jira:issue:10002' order by changed_at"))
                .containsExactly("Open>Awaiting Triage NEW", "Awaiting Triage>Legacy QA unmapped");
    }

    String settled(long inboxId) {
        return BridgeIt.settled(inbox, quarantine, inboxId);
    }
}
