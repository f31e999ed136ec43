package io.scrumops.bridge.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.deploy.DeploymentEventMapper;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecordMapper;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded payload, whole, fed to every entry point, and again with each field (three levels deep) removed or
 * given the wrong type: the only failures allowed are the named ones.
 */
class NormalizerRobustnessTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/payloads");
    private static final List<JsonNode> WRONG_VALUES = List.of(JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.textNode(""), JsonNodeFactory.instance.numberNode(7),
            JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.nullNode());

    private final MappingRegistry mappings = PayloadFixtures.shippedMappings();
    private final JiraIssueMapper jira = new JiraIssueMapper(mappings);
    private final ServiceNowRecordMapper serviceNow = new ServiceNowRecordMapper(mappings);
    private final DeploymentEventMapper deployments = new DeploymentEventMapper(mappings);

    @Test
    void everyEntryPointRefusesForeignPayloadsWithNamedExceptions() throws IOException {
        List<String> unexpected = new ArrayList<>();
        for (Path file : fixtures()) {
            JsonNode payload = JsonFields.parse(file.toString(), Files.readString(file));
            for (Map.Entry<String, Consumer<JsonNode>> entry : entryPoints().entrySet()) {
                check(file.getFileName() + " -> " + entry.getKey(), () -> entry.getValue().accept(payload), unexpected);
            }
        }
        assertThat(unexpected).isEmpty();
    }

    @Test
    void mutatedPayloadsAreMappedOrRefusedWithNamedExceptions() throws IOException {
        List<String> unexpected = new ArrayList<>();
        for (Path file : fixtures()) {
            JsonNode original = JsonFields.parse(file.toString(), Files.readString(file));
            List<Map.Entry<String, Consumer<JsonNode>>> own = entryPoints().entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(file.getParent().getFileName().toString()))
                    .toList();
            for (String path : paths(original, "", 3)) {
                for (JsonNode replacement : mutations()) {
                    JsonNode mutated = original.deepCopy();
                    replace(mutated, path, replacement);
                    for (Map.Entry<String, Consumer<JsonNode>> entry : own) {
                        check(file.getFileName() + " " + path + "=" + replacement + " -> " + entry.getKey(),
                                () -> entry.getValue().accept(mutated), unexpected);
                    }
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private Map<String, Consumer<JsonNode>> entryPoints() {
        return Map.ofEntries(
                Map.entry("jira webhook", jira::fromWebhook),
                Map.entry("jira rest issue", jira::fromRestIssue),
                Map.entry("jira search page", jira::fromSearchPage),
                Map.entry("jira comments page", page -> jira.fromCommentsPage("1", page)),
                Map.entry("jira comments page by link", jira::fromCommentsPage),
                Map.entry("jira changelog page", page -> jira.fromChangelogPage("1", page)),
                Map.entry("jira created ref", jira::createdIssueRef),
                Map.entry("jira dedup key", payload -> jira.webhookDedupKey(Map.of(), payload)),
                Map.entry("servicenow response", payload -> serviceNow.fromResponse(payload.toString(), null)),
                Map.entry("servicenow response node", payload -> serviceNow.fromResponse(payload.path("result"), "incident")),
                Map.entry("servicenow list", payload -> serviceNow.fromList(payload.toString(), "incident")),
                Map.entry("servicenow record", payload -> serviceNow.fromRecord(payload.path("result"), "change_request")),
                Map.entry("deployments github", payload -> deployments.fromGitHub("deployment_status", payload)),
                Map.entry("deployments gitlab", deployments::fromGitLab),
                Map.entry("deployments jenkins", deployments::fromJenkins),
                Map.entry("deployments generic", deployments::fromGeneric),
                Map.entry("deployments request", payload -> deployments.fromRequest(Map.of(), payload.toString())));
    }

    private static List<JsonNode> mutations() {
        List<JsonNode> values = new ArrayList<>(WRONG_VALUES);
        values.add(null);
        return values;
    }

    private static void check(String what, Runnable call, List<String> unexpected) {
        try {
            call.run();
        } catch (MalformedPayloadException | UnknownMappingValueException expected) {
            assertThat(expected.getMessage()).as(what).isNotBlank();
        } catch (RuntimeException e) {
            unexpected.add(what + ": " + e);
        }
    }

    private static List<String> paths(JsonNode node, String prefix, int depth) {
        List<String> paths = new ArrayList<>();
        if (depth == 0) {
            return paths;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = prefix + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                paths.add(path);
                paths.addAll(paths(field.getValue(), path, depth - 1));
            }
        } else if (node.isArray() && !node.isEmpty()) {
            paths.add(prefix + "/0");
            paths.addAll(paths(node.get(0), prefix + "/0", depth - 1));
        }
        return paths;
    }

    /** Replaces the node at the JSON pointer; a null replacement removes it. */
    private static void replace(JsonNode root, String pointer, JsonNode replacement) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            if (replacement == null) {
                object.remove(last);
            } else {
                object.set(last, replacement);
            }
        } else if (parent instanceof ArrayNode array) {
            if (replacement == null) {
                array.remove(Integer.parseInt(last));
            } else {
                array.set(Integer.parseInt(last), replacement);
            }
        }
    }

    private static List<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }
}
