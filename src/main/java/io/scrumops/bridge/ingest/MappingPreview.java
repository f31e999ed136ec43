package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.deploy.DeploymentEventMapper;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecordMapper;
import io.scrumops.bridge.mapping.UnmappableRecordException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dry run: maps a recorded payload with the mapping files in force and returns the model objects, or the reason it
 * cannot be mapped, without storing or sending anything.
 */
@Component("mappingPreview")
public class MappingPreview {

    public static final List<String> SOURCES = List.of("jira", "servicenow", "deployment");

    private final JiraIssueMapper jira;
    private final ServiceNowRecordMapper serviceNow;
    private final DeploymentEventMapper deployments;

    public MappingPreview(JiraIssueMapper jira, ServiceNowRecordMapper serviceNow, DeploymentEventMapper deployments) {
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.deployments = deployments;
    }

    /**
     * @param mapped the model objects: JiraEvent(s) for Jira, ServiceNowRecord(s) for ServiceNow, a Deployment
     * @param error  why the payload cannot be mapped, null when it can
     */
    public record PreviewResult(String source, List<Object> mapped, String error) {

        public PreviewResult {
            mapped = mapped == null ? List.of() : List.copyOf(mapped);
        }

        public boolean ok() {
            return error == null;
        }
    }

    public PreviewResult preview(String source, String json, Map<String, String> headers) {
        String name = source == null ? "" : source.trim().toLowerCase(Locale.ROOT);
        try {
            List<Object> mapped = switch (name) {
                case "jira" -> previewJira(json);
                case "servicenow" -> previewServiceNow(json);
                case "deployment" -> List.of(deployments.fromRequest(headers == null ? Map.of() : headers, json));
                default -> throw new IllegalArgumentException(
                        "unknown source '" + source + "' (known: " + String.join(", ", SOURCES) + ")");
            };
            return new PreviewResult(name, mapped, null);
        } catch (UnmappableRecordException | IllegalArgumentException e) {
            return new PreviewResult(name, List.of(), e.getMessage());
        }
    }

    private List<Object> previewJira(String json) {
        JsonNode payload = JsonFields.parse("jira payload", json);
        if (payload.has("webhookEvent")) {
            return List.of(jira.fromWebhook(payload));
        }
        if (payload.has("issues")) {
            return List.copyOf(jira.fromSearchPage(payload));
        }
        if (payload.has("comments")) {
            return List.copyOf(jira.fromCommentsPage(payload));
        }
        return List.of(jira.fromRestIssue(payload));
    }

    private List<Object> previewServiceNow(String json) {
        JsonNode payload = JsonFields.parse("servicenow payload", json);
        if (payload.path("result").isArray()) {
            return List.copyOf(serviceNow.fromList(json, null));
        }
        return List.of(serviceNow.fromResponse(json, null));
    }
}
