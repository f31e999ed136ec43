package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.scrumops.bridge.adapter.PayloadFixtures.json;
import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static io.scrumops.bridge.adapter.PayloadFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentEventMapperTest {

    private static final String SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
    private static final String GENERIC = """
            { "service": "checkout", "environment": "prod-eu", "status": "failed",
              "startedAt": "2024-05-01T10:00:00Z", "finishedAt": "2024-05-01T12:04:00+02:00",
              "ref": "release/PAY-7", "url": "https://ci.example.com/runs/99",
              "commits": [ { "sha": "a1b2c3", "message": "PAY-12 retry card auth (fixes INC0010019)",
                             "author": "dana", "timestamp": "2024-04-30T16:20:00Z" },
                           { "sha": "d4e5f6", "message": "tidy logging" } ],
              "issueKeys": [ "OPS-1" ] }
            """;

    private final DeploymentEventMapper mapper = new DeploymentEventMapper(shippedMappings());

    @Test
    void mapsGitHubSuccessfulProductionDeployment() {
        Deployment deployment = mapper.fromGitHub("deployment_status",
                json("deployments/github-deployment_status-success.json"));

        assertThat(deployment.id()).isEqualTo("github:deployment:145988746");
        assertThat(deployment.source().system()).isEqualTo(SourceSystem.GITHUB);
        assertThat(deployment.source().key()).isEqualTo("Codertocat/Hello-World");
        assertThat(deployment.source().url()).isEqualTo("https://api.github.com/repos/Codertocat/Hello-World/deployments/145988746");
        assertThat(deployment.source().version()).isEqualTo(209916254L);
        assertThat(deployment.source().updatedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:55Z"));
        assertThat(deployment.service()).isEqualTo("Codertocat/Hello-World");
        assertThat(deployment.environment()).isEqualTo("production");
        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(deployment.startedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:53Z"));
        assertThat(deployment.finishedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:55Z"));
        assertThat(deployment.ref()).isEqualTo("master");
        assertThat(deployment.commits()).containsExactly(new DeploymentCommit(SHA, null, "Codertocat", null));
        assertThat(deployment.linkedItemKeys()).isEmpty();
        assertThat(deployment.isSuccessfulProduction()).isTrue();
    }

    @Test
    void mapsGitHubPagesDeploymentInProgress() {
        Deployment deployment = mapper.fromGitHub("deployment_status",
                json("deployments/github-deployment_status-in_progress-pages.json"));

        assertThat(deployment.environment()).isEqualTo("github-pages");
        assertThat(deployment.environmentType()).as("a Pages deployment publishes the live site")
                .isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(deployment.startedAt()).isEqualTo(Instant.parse("2022-01-03T01:28:30Z"));
        assertThat(deployment.finishedAt()).isNull();
        assertThat(deployment.source().url())
                .isEqualTo("https://github.com/Codertocat/Hello-World/runs/145988746?check_suite_focus=true");
        assertThat(deployment.commits()).containsExactly(new DeploymentCommit(SHA, null, "github-pages[bot]", null));
        assertThat(deployment.isSuccessfulProduction()).isFalse();
    }

    @Test
    void findsIssueKeysInGitHubRefsAndDescriptions() {
        ObjectNode payload = (ObjectNode) json("deployments/github-deployment_status-success.json");
        ((ObjectNode) payload.path("deployment")).put("ref", "feature/PAY-31-retries");
        ((ObjectNode) payload.path("deployment")).put("description", "Hotfix for INC0010019");

        assertThat(mapper.fromGitHub("deployment_status", payload).linkedItemKeys())
                .containsExactlyInAnyOrder("PAY-31", "INC0010019");
    }

    @Test
    void mapsGitLabDeploymentHook() {
        Deployment deployment = mapper.fromRequest(Map.of("X-Gitlab-Event", "Deployment Hook"),
                text("deployments/gitlab-deployment-hook-success.json"));

        assertThat(deployment.id()).isEqualTo("gitlab:deployment:15");
        assertThat(deployment.service()).isEqualTo("root/test-deployment-webhooks");
        assertThat(deployment.environment()).isEqualTo("staging");
        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.STAGING);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(deployment.finishedAt()).as("2021-04-28 21:50:00 +0200").isEqualTo(Instant.parse("2021-04-28T19:50:00Z"));
        assertThat(deployment.startedAt()).isNull();
        assertThat(deployment.ref()).isEqualTo("1.0.0");
        assertThat(deployment.commits()).containsExactly(
                new DeploymentCommit("279484c09fbe69ededfced8c1bb6e6d24616b468", "Add new file", "user1", null));
        assertThat(deployment.source().url()).isEqualTo("http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796");
        assertThat(deployment.linkedItemKeys()).isEmpty();
    }

    @Test
    void trustsGitLabEnvironmentTierOverTheName() {
        ObjectNode payload = (ObjectNode) json("deployments/gitlab-deployment-hook-success.json");
        payload.put("environment", "eu-west").put("environment_tier", "production").put("status", "failed");

        Deployment deployment = mapper.fromGitLab(payload);

        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILURE);
    }

    @Test
    void mapsJenkinsStartedPhaseIgnoringTheStaleStatus() {
        Deployment deployment = mapper.fromRequest(Map.of(), text("deployments/jenkins-notification-plugin-started.json"));

        assertThat(deployment.id()).isEqualTo("jenkins:deployment:JobName#1");
        assertThat(deployment.service()).isEqualTo("JobName");
        assertThat(deployment.status()).as("status FAILED belongs to an earlier build").isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(deployment.environment()).isNull();
        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.OTHER);
        assertThat(deployment.source().url()).isEqualTo("JobUrl");
        assertThat(deployment.finishedAt()).isNull();
    }

    @Test
    void mapsJenkinsCompletedBuildWithParametersAndScm() {
        ObjectNode payload = (ObjectNode) json("deployments/jenkins-notification-plugin-started.json");
        ObjectNode build = (ObjectNode) payload.path("build");
        build.put("phase", "COMPLETED").put("status", "SUCCESS").put("timestamp", 1714557600000L).put("duration", 90000);
        build.put("full_url", "https://ci.example.com/job/JobName/1/");
        build.putObject("parameters").put("DEPLOY_ENV", "prd");
        build.putObject("scm").put("branch", "origin/hotfix/PAY-40").put("commit", "c0ffee");

        Deployment deployment = mapper.fromJenkins(payload);

        assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(deployment.environment()).isEqualTo("prd");
        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deployment.startedAt()).isEqualTo(Instant.ofEpochMilli(1714557600000L));
        assertThat(deployment.finishedAt()).isEqualTo(Instant.ofEpochMilli(1714557690000L));
        assertThat(deployment.ref()).isEqualTo("origin/hotfix/PAY-40");
        assertThat(deployment.commits()).containsExactly(new DeploymentCommit("c0ffee", null, null, null));
        assertThat(deployment.linkedItemKeys()).containsExactly("PAY-40");
        assertThat(deployment.source().url()).isEqualTo("https://ci.example.com/job/JobName/1/");
    }

    @Test
    void mapsGenericFormWithCommitsAndLinkedKeys() {
        Deployment deployment = mapper.fromRequest(null, GENERIC);

        assertThat(deployment.id()).isEqualTo("generic:deployment:checkout/prod-eu/2024-05-01T10:00:00Z");
        assertThat(deployment.service()).isEqualTo("checkout");
        assertThat(deployment.environmentType()).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILURE);
        assertThat(deployment.startedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(deployment.finishedAt()).isEqualTo(Instant.parse("2024-05-01T10:04:00Z"));
        assertThat(deployment.ref()).isEqualTo("release/PAY-7");
        assertThat(deployment.commits()).containsExactly(
                new DeploymentCommit("a1b2c3", "PAY-12 retry card auth (fixes INC0010019)", "dana",
                        Instant.parse("2024-04-30T16:20:00Z")),
                new DeploymentCommit("d4e5f6", "tidy logging", null, null));
        assertThat(deployment.linkedItemKeys()).containsExactlyInAnyOrder("OPS-1", "PAY-7", "PAY-12", "INC0010019");
        assertThat(deployment.source().url()).isEqualTo("https://ci.example.com/runs/99");
    }

    @Test
    void refusesEventsThatAreNotDeploymentOutcomes() {
        assertThatThrownBy(() -> mapper.fromRequest(Map.of("X-GitHub-Event", "push"),
                text("deployments/github-deployment_status-success.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("github webhook: event 'push' is not a deployment or deployment_status event");
        ObjectNode pipeline = (ObjectNode) json("deployments/gitlab-deployment-hook-success.json");
        pipeline.put("object_kind", "pipeline");
        assertThatThrownBy(() -> mapper.fromGitLab(pipeline))
                .hasMessage("gitlab deployment hook: field 'object_kind' = 'pipeline': not a deployment event");
        assertThatThrownBy(() -> mapper.fromRequest(Map.of(), "{\"hello\":\"world\"}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("deployment event: unrecognised form");
    }

    @Test
    void refusesPayloadsMissingRequiredFields() {
        ObjectNode github = (ObjectNode) json("deployments/github-deployment_status-success.json");
        ((ObjectNode) github.path("deployment_status")).remove("state");
        assertThatThrownBy(() -> mapper.fromGitHub("deployment_status", github))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("github deployment_status: missing field 'deployment_status.state'");

        ObjectNode jenkins = (ObjectNode) json("deployments/jenkins-notification-plugin-started.json");
        ((ObjectNode) jenkins.path("build")).remove("phase");
        assertThatThrownBy(() -> mapper.fromJenkins(jenkins))
                .hasMessage("jenkins notification: missing field 'build.phase'");

        ObjectNode completed = (ObjectNode) json("deployments/jenkins-notification-plugin-started.json");
        ((ObjectNode) completed.path("build")).put("phase", "COMPLETED").remove("status");
        assertThatThrownBy(() -> mapper.fromJenkins(completed))
                .hasMessage("jenkins notification: missing field 'build.status'");

        ObjectNode generic = (ObjectNode) JsonFields.parse("test", GENERIC);
        generic.remove("service");
        assertThatThrownBy(() -> mapper.fromGeneric(generic))
                .hasMessage("generic deployment: missing field 'service'");

        ObjectNode gitlab = (ObjectNode) json("deployments/gitlab-deployment-hook-success.json");
        gitlab.put("status_changed_at", "2021-04-28T21:50:00");
        assertThatThrownBy(() -> mapper.fromGitLab(gitlab))
                .hasMessage("gitlab deployment hook: field 'status_changed_at' = '2021-04-28T21:50:00': "
                        + "not a GitLab date (expected e.g. 2021-04-28 21:50:00 +0200)");
    }

    @Test
    void refusesUnmappedStatusesNamingTheMappingFile() {
        ObjectNode github = (ObjectNode) json("deployments/github-deployment_status-success.json");
        ((ObjectNode) github.path("deployment_status")).put("state", "exploded");

        assertThatThrownBy(() -> mapper.fromGitHub("deployment_status", github))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessage("mappings/deployments.yaml: statuses.github: no mapping for 'exploded' "
                        + "(known: success, failure, error, in_progress, queued, pending, inactive)");

        ObjectNode jenkins = (ObjectNode) json("deployments/jenkins-notification-plugin-started.json");
        ((ObjectNode) jenkins.path("build")).put("phase", "PAUSED");
        assertThatThrownBy(() -> mapper.fromJenkins(jenkins))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessage("mappings/deployments.yaml: jenkins.phases: no mapping for 'PAUSED' (known: QUEUED, STARTED)");
    }
}
