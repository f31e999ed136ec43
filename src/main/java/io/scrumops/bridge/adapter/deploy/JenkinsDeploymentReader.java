package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.DeploymentMapping;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentCommit;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.scrumops.bridge.adapter.deploy.DeploymentFields.firstNonNull;
import static io.scrumops.bridge.adapter.deploy.DeploymentFields.nonNull;

/**
 * Jenkins Notification plugin job status. The job is the service and the build parameters name the environment;
 * {@code build.status} is read only once the build has completed, because on STARTED it may belong to the previous build.
 */
final class JenkinsDeploymentReader {

    private static final String CONTEXT = "jenkins notification";
    private static final Set<String> RESULT_PHASES = Set.of("COMPLETED", "FINALIZED");

    private JenkinsDeploymentReader() {
    }

    static Deployment read(DeploymentMapping mapping, JsonNode payload) {
        String job = JsonFields.requireText(CONTEXT, payload, "name");
        String number = JsonFields.requireText(CONTEXT, payload, "build.number");
        String phase = JsonFields.requireText(CONTEXT, payload, "build.phase");
        DeploymentStatus status;
        if (mapping.jenkinsPhases().find(phase).isPresent()) {
            status = mapping.jenkinsPhases().get(phase);
        } else if (RESULT_PHASES.contains(phase.toUpperCase(Locale.ROOT))) {
            status = mapping.jenkinsStatuses().get(JsonFields.requireText(CONTEXT, payload, "build.status"));
        } else {
            throw mapping.jenkinsPhases().unknown(phase);
        }
        String environment = null;
        for (String parameter : mapping.jenkinsEnvironmentParameters()) {
            environment = JsonFields.text(payload, "build.parameters." + parameter);
            if (environment != null) {
                break;
            }
        }
        Instant started = epochMillis(payload, "build.timestamp");
        JsonNode duration = JsonFields.node(payload, "build.duration");
        Instant finished = DeploymentFields.isFinished(status) && started != null && duration != null
                && duration.isIntegralNumber() ? started.plusMillis(duration.asLong()) : null;
        String branch = JsonFields.text(payload, "build.scm.branch");
        String sha = JsonFields.text(payload, "build.scm.commit");
        List<DeploymentCommit> commits = sha == null ? List.of() : List.of(new DeploymentCommit(sha, null, null, null));
        String nativeId = job + "#" + number;
        SourceRef source = new SourceRef(SourceSystem.JENKINS, "build", nativeId, job,
                firstNonNull(JsonFields.text(payload, "build.full_url"), JsonFields.text(payload, "url")), 0, null);
        return new Deployment(DeploymentFields.deploymentId(SourceSystem.JENKINS, nativeId), source, job, environment,
                mapping.environmentType(environment), status, started, finished, branch, commits,
                mapping.issueKeysIn(nonNull(branch, JsonFields.text(payload, "build.notes"))));
    }

    private static Instant epochMillis(JsonNode root, String path) {
        JsonNode node = JsonFields.node(root, path);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw MalformedPayloadException.invalidField(CONTEXT, path, node, "expected epoch milliseconds");
        }
        return Instant.ofEpochMilli(node.asLong());
    }
}
