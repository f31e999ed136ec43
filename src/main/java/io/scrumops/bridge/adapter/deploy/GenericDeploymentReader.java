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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.scrumops.bridge.adapter.deploy.DeploymentFields.isoDate;
import static io.scrumops.bridge.adapter.deploy.DeploymentFields.nonNull;

/** The generic deployment form described on {@link DeploymentEventMapper}. */
final class GenericDeploymentReader {

    private static final String CONTEXT = "generic deployment";

    private GenericDeploymentReader() {
    }

    static Deployment read(DeploymentMapping mapping, JsonNode payload) {
        String service = JsonFields.requireText(CONTEXT, payload, "service");
        String environment = JsonFields.requireText(CONTEXT, payload, "environment");
        DeploymentStatus status = mapping.genericStatuses().get(JsonFields.requireText(CONTEXT, payload, "status"));
        Instant started = isoDate(CONTEXT, payload, "startedAt");
        Instant finished = isoDate(CONTEXT, payload, "finishedAt");
        String ref = JsonFields.text(payload, "ref");
        List<DeploymentCommit> commits = new ArrayList<>();
        List<String> texts = new ArrayList<>(nonNull(ref));
        JsonNode commitList = JsonFields.node(payload, "commits");
        if (commitList != null) {
            if (!commitList.isArray()) {
                throw MalformedPayloadException.invalidField(CONTEXT, "commits", commitList, "expected a list");
            }
            for (int i = 0; i < commitList.size(); i++) {
                JsonNode commit = commitList.get(i);
                String path = "commits[" + i + "]";
                String message = JsonFields.text(commit, "message");
                commits.add(new DeploymentCommit(JsonFields.requireText(CONTEXT, commit, "sha", path + ".sha"), message,
                        JsonFields.text(commit, "author"), isoDate(CONTEXT, commit, "timestamp", path + ".timestamp")));
                if (message != null) {
                    texts.add(message);
                }
            }
        }
        Set<String> keys = new LinkedHashSet<>(JsonFields.texts(payload, "issueKeys"));
        keys.addAll(mapping.issueKeysIn(texts));
        String nativeId = JsonFields.text(payload, "id");
        if (nativeId == null) {
            Instant when = started != null ? started : finished;
            if (when == null) {
                throw new MalformedPayloadException(CONTEXT + ": missing field 'id' (or 'startedAt'/'finishedAt' to identify it)");
            }
            nativeId = service + "/" + environment + "/" + when;
        }
        Instant updated = finished != null ? finished : started;
        SourceRef source = new SourceRef(SourceSystem.GENERIC, "deployment", nativeId, service,
                JsonFields.text(payload, "url"), updated == null ? 0 : updated.toEpochMilli(), updated);
        return new Deployment(DeploymentFields.deploymentId(SourceSystem.GENERIC, nativeId), source, service, environment,
                mapping.environmentType(environment), status, started, finished, ref, commits, keys);
    }
}
