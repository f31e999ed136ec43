package io.scrumops.bridge.ingest;

import io.scrumops.bridge.adapter.deploy.DeploymentEventMapper;
import io.scrumops.bridge.adapter.jira.JiraEvent;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecord;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecordMapper;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static io.scrumops.bridge.adapter.PayloadFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

class MappingPreviewTest {

    private final MappingRegistry mappings = shippedMappings();
    private final MappingPreview preview = new MappingPreview(new JiraIssueMapper(mappings),
            new ServiceNowRecordMapper(mappings), new DeploymentEventMapper(mappings));

    @Test
    void previewsJiraWebhooksAndSearchPages() {
        MappingPreview.PreviewResult webhook = preview.preview("jira", text("jira/webhook-cloud-issue_created.json"), null);
        MappingPreview.PreviewResult page = preview.preview("jira", text("jira/rest-agile-issues-with-changelog.json"), null);

        assertThat(webhook.ok()).isTrue();
        assertThat(webhook.mapped()).singleElement().isInstanceOf(JiraEvent.class);
        assertThat(page.mapped()).singleElement().extracting(e -> ((JiraEvent) e).issueKey()).isEqualTo("AR-86");
        assertThat(preview.preview("jira", text("jira/rest-v3-get-comments.json"), null).mapped())
                .singleElement().extracting(c -> ((Comment) c).workItemId()).isEqualTo("jira:issue:10010");
    }

    @Test
    void previewsServiceNowListsAndDeployments() {
        MappingPreview.PreviewResult list = preview.preview("ServiceNow", text("servicenow/table-list-incident-subset.json"), Map.of());
        MappingPreview.PreviewResult deployment = preview.preview("deployment",
                text("deployments/github-deployment_status-success.json"), Map.of("X-GitHub-Event", "deployment_status"));

        assertThat(list.mapped()).hasSize(5).allSatisfy(r -> assertThat(r).isInstanceOf(ServiceNowRecord.class));
        assertThat(deployment.mapped()).singleElement().isInstanceOf(Deployment.class);
    }

    @Test
    void reportsWhyAPayloadCannotBeMapped() {
        assertThat(preview.preview("jira", text("jira/error-404-issue-not-found.json"), null).error())
                .isEqualTo("jira issue: missing field 'fields'");
        assertThat(preview.preview("jira", text("jira/error-400-create-issue.json"), null).error())
                .isEqualTo("jira issue: payload is a Jira error response: Field 'priority' is required");
        assertThat(preview.preview("servicenow", "{\"result\":{\"sys_class_name\":\"sc_req_item\"}}", null).error())
                .startsWith("mappings/servicenow.yaml: tables: no mapping for 'sc_req_item'");
        assertThat(preview.preview("deployment", "[]", null).error())
                .isEqualTo("deployment event: unrecognised form (no X-GitHub-Event or X-Gitlab-Event header, "
                        + "no object_kind, no Jenkins build, no generic service/environment/status)");
        assertThat(preview.preview("bitbucket", "{}", null).error())
                .isEqualTo("unknown source 'bitbucket' (known: jira, servicenow, deployment)");
    }

    @Test
    void everyRecordedPayloadIsMappedOrRefusedWithAMessageNeverAnUnexpectedException() throws IOException {
        Path root = Path.of("src/test/resources/fixtures/payloads");
        Map<String, String> sources = Map.of("jira", "jira", "servicenow", "servicenow", "deployments", "deployment");
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".json")).forEach(file -> {
                String source = sources.get(root.relativize(file).getName(0).toString());
                String name = file.getFileName().toString();
                Map<String, String> headers = name.startsWith("github-") ? Map.of("X-GitHub-Event", "deployment_status") : Map.of();
                String json = readString(file);
                MappingPreview.PreviewResult result = preview.preview(source, json, headers);
                assertThat(result.ok() ? !result.mapped().isEmpty() || name.contains("empty") : !result.error().isBlank())
                        .as("%s: %s", name, result).isTrue();
            });
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
