package io.scrumops.bridge.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The DORA reference cases of ../shared/fixtures/dora, turned into import documents. */
public final class DoraFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIR = Path.of("..", "shared", "fixtures", "dora");

    private DoraFixtures() {
    }

    static JsonNode read(String file) {
        try {
            return JSON.readTree(DIR.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DevLake case A as an import document. Each deployment's commit rows are DevLake's cicd_deployment_commits;
     * a change's deployedBy and repoUrl name the deployment commit row whose commits_diffs list its merge commit
     * (pr0: row 1, pr1 and pr2: row 5, pr3: row 6, pr4: row 8 (staging), pr5: row 11 (failed)).
     */
    public static ObjectNode devlakeCaseA() {
        JsonNode fixture = read("devlake_case_A_throughput.json");
        ObjectNode doc = JSON.createObjectNode();
        Map<String, ObjectNode> deployments = new LinkedHashMap<>();
        for (JsonNode row : fixture.get("deployment_commits")) {
            String id = row.get("deployment_id").asText();
            ObjectNode d = deployments.computeIfAbsent(id, k -> {
                ObjectNode n = JSON.createObjectNode();
                n.put("id", k);
                n.put("scope", row.get("scope_id").asText());
                if (!row.get("environment").isNull()) {
                    n.put("environment", row.get("environment").asText());
                }
                n.put("result", "SUCCESS");
                n.put("startedAt", row.get("started_at").asText());
                n.putArray("commits");
                return n;
            });
            d.put("finishedAt", row.get("finished_at").asText());
            if (row.get("deployment_id").asText().equals("pipeline8")) {
                d.put("result", "FAILURE");
            }
            ObjectNode commit = ((ArrayNode) d.get("commits")).addObject();
            commit.put("repoUrl", row.get("repo_url").asText());
            commit.put("sha", row.get("commit_sha").asText());
            commit.put("startedAt", row.get("started_at").asText());
            commit.put("finishedAt", row.get("finished_at").asText());
            commit.put("result", row.get("result").asText());
        }
        ArrayNode deploymentList = doc.putArray("deployments");
        deployments.values().forEach(deploymentList::add);
        Map<String, String[]> deployedBy = Map.of(
                "pr0", new String[] {"pipeline1", "REPO111"},
                "pr1", new String[] {"pipeline4", "REPO111"},
                "pr2", new String[] {"pipeline4", "REPO111"},
                "pr3", new String[] {"pipeline4", "REPO222"},
                "pr4", new String[] {"pipeline5", "REPO111"},
                "pr5", new String[] {"pipeline7", "REPO111"});
        ArrayNode changes = doc.putArray("changes");
        for (JsonNode pr : fixture.get("changes")) {
            String id = pr.get("change_id").asText();
            ObjectNode c = changes.addObject();
            c.put("id", id);
            copy(pr, "first_commit_sha", c, "sha");
            copy(pr, "first_commit_authored_at", c, "authoredAt");
            copy(pr, "pr_created_at", c, "prCreatedAt");
            copy(pr, "first_review_at", c, "firstReviewAt");
            copy(pr, "merged_at", c, "mergedAt");
            copy(pr, "merge_commit_sha", c, "mergeCommitSha");
            String[] target = deployedBy.get(id);
            if (target != null) {
                c.put("deployedBy", target[0]);
                c.put("repoUrl", target[1]);
            }
        }
        ArrayNode scopes = doc.putArray("scopes");
        for (JsonNode scope : fixture.get("project_scopes")) {
            scopes.addObject().put("project", fixture.get("project").asText()).put("scope", scope.asText());
        }
        scopes.addObject().put("project", "project2").put("scope", "cicd3");
        return doc;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String name) {
        if (from.hasNonNull(field)) {
            to.put(name, from.get(field).asText());
        }
    }
}
