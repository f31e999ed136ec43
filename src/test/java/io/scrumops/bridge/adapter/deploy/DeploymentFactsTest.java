package io.scrumops.bridge.adapter.deploy;

import io.scrumops.bridge.model.DeploymentFacts;
import io.scrumops.bridge.model.DeploymentStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static org.assertj.core.api.Assertions.assertThat;

class DeploymentFactsTest {

    private final DeploymentEventMapper mapper = new DeploymentEventMapper(shippedMappings());

    private static String shared(String name) throws Exception {
        return Files.readString(Path.of("../shared/fixtures/payloads/deployments").resolve(name));
    }

    @Test
    void aGitHubDeploymentEventIsQueuedFromItsCreation() throws Exception {
        DeploymentFacts facts = mapper.factsFromRequest(Map.of("X-GitHub-Event", "deployment"),
                shared("github-deployment.json"));

        assertThat(facts.deployment().id()).isEqualTo("github:deployment:145988746");
        assertThat(facts.deployment().status()).isEqualTo(DeploymentStatus.QUEUED);
        assertThat(facts.deployment().startedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:53Z"));
        assertThat(facts.deployment().finishedAt()).isNull();
        assertThat(facts.repoUrl()).isEqualTo("https://github.com/Codertocat/Hello-World");
        assertThat(facts.headSha()).isEqualTo("f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        assertThat(facts.scope()).isEqualTo("Codertocat/Hello-World");
        assertThat(facts.superseded()).isFalse();
    }

    @Test
    void anInactiveStatusOnlySaysTheDeploymentWasSuperseded() throws Exception {
        String body = shared("github-deployment_status-success.json").replace("\"state\": \"success\"", "\"state\": \"inactive\"");
        DeploymentFacts facts = mapper.factsFromRequest(Map.of("X-GitHub-Event", "deployment_status"), body);

        assertThat(facts.superseded()).isTrue();
    }

    @Test
    void theGenericFormNamesItsRepositoryCommitsAndChangeRequest() {
        DeploymentFacts facts = mapper.factsFromRequest(Map.of(), """
                {"id": "run-7", "service": "checkout", "environment": "production", "status": "success",
                 "finishedAt": "2024-05-01T10:04:00Z", "repoUrl": "https://git.example.com/shop/checkout.git/",
                 "sha": "c3", "changeNumber": "CHG0030002",
                 "commits": [{"sha": "c1"}, {"sha": "c2"}, {"sha": "c3"}]}""");

        assertThat(facts.repoUrl()).isEqualTo("https://git.example.com/shop/checkout");
        assertThat(facts.headSha()).isEqualTo("c3");
        assertThat(facts.listedShas()).isEqualTo(List.of("c1", "c2", "c3"));
        assertThat(facts.changeNumber()).isEqualTo("CHG0030002");
    }

    @Test
    void aChangeNumberAmongTheKeysLinksTheDeploymentToItsChangeRequest() {
        DeploymentFacts facts = mapper.factsFromRequest(Map.of(), """
                {"id": "run-8", "service": "checkout", "environment": "production", "status": "success",
                 "finishedAt": "2024-05-01T10:04:00Z", "ref": "release/PAY-7",
                 "commits": [{"sha": "d1", "message": "PAY-9 card retry, CHG0030003"}]}""");

        assertThat(facts.changeNumber()).isEqualTo("CHG0030003");
    }
}
