package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.DeploymentMapping;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.scrumops.bridge.adapter.deploy.DeploymentFields.firstNonNull;
import static io.scrumops.bridge.adapter.deploy.DeploymentFields.isoDate;
import static io.scrumops.bridge.adapter.deploy.DeploymentFields.nonNull;

/**
 * GitHub {@code deployment_status} webhooks. The deployment id identifies the deployment, so each new status of it
 * updates the same record; a repository that marks the environment {@code production_environment} is production
 * whatever its name.
 */
final class GitHubDeploymentReader {

    private GitHubDeploymentReader() {
    }

    static Deployment read(DeploymentMapping mapping, String eventName, JsonNode payload) {
        String context = "github " + eventName;
        boolean created = "deployment".equals(eventName);
        if (!created && !"deployment_status".equals(eventName)) {
            throw new MalformedPayloadException("github webhook: event '" + eventName
                    + "' is not a deployment or deployment_status event");
        }
        JsonNode deployment = JsonFields.requireObject(context, payload, "deployment");
        // A deployment event announces the deployment before any status: it is queued until its first status.
        JsonNode status = created ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : JsonFields.requireObject(context, payload, "deployment_status");
        String deploymentId = JsonFields.requireText(context, payload, "deployment.id");
        DeploymentStatus deploymentStatus = created ? DeploymentStatus.QUEUED
                : mapping.githubStatuses().get(JsonFields.requireText(context, payload, "deployment_status.state"));
        String environment = JsonFields.text(status, "environment");
        if (environment == null) {
            environment = JsonFields.requireText(context, payload, "deployment.environment");
        }
        JsonNode productionFlag = JsonFields.node(deployment, "production_environment");
        EnvironmentType type = productionFlag != null && productionFlag.asBoolean()
                ? EnvironmentType.PRODUCTION : mapping.environmentType(environment);
        Instant started = isoDate(context, payload, "deployment.created_at");
        Instant statusAt = isoDate(context, payload, "deployment_status.updated_at");
        if (statusAt == null) {
            statusAt = isoDate(context, payload, "deployment_status.created_at");
        }
        if (statusAt == null && created) {
            statusAt = started;
        }
        String repository = JsonFields.text(payload, "repository.full_name");
        String ref = JsonFields.text(deployment, "ref");
        String sha = JsonFields.text(deployment, "sha");
        String headMessage = JsonFields.text(payload, "workflow_run.head_commit.message");
        List<DeploymentCommit> commits = sha == null ? List.of()
                : List.of(new DeploymentCommit(sha, headMessage, JsonFields.text(deployment, "creator.login"), null));
        Set<String> keys = mapping.issueKeysIn(nonNull(ref, JsonFields.text(deployment, "description"),
                JsonFields.text(status, "description"), headMessage,
                JsonFields.text(payload, "workflow_run.display_title"), JsonFields.text(payload, "workflow_run.head_branch")));
        String url = firstNonNull(JsonFields.text(status, "target_url"), JsonFields.text(status, "log_url"),
                JsonFields.text(deployment, "url"));
        JsonNode statusId = JsonFields.node(status, "id");
        SourceRef source = new SourceRef(SourceSystem.GITHUB, "deployment", deploymentId, repository, url,
                statusId == null ? 0 : statusId.asLong(), statusAt);
        return new Deployment(DeploymentFields.deploymentId(SourceSystem.GITHUB, deploymentId), source, repository,
                environment, type, deploymentStatus, started,
                DeploymentFields.isFinished(deploymentStatus) ? statusAt : null, ref, commits, keys);
    }
}
