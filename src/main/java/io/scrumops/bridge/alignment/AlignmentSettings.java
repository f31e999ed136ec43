package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The contents of {@code mappings/alignment.yaml}: field ownership and the values the bridge writes. */
@Component("alignmentSettings")
public class AlignmentSettings {

    static final String FILE = "alignment.yaml";

    private final String file;
    private final Map<AlignedField, FieldPolicy> policies = new EnumMap<>(AlignedField.class);
    private final String jiraResolution;
    private final Map<Severity, String> jiraPriorities = new EnumMap<>(Severity.class);
    private final String serviceNowTable;
    private final Map<CanonicalStatus, String> serviceNowStates = new EnumMap<>(CanonicalStatus.class);
    private final String onHoldReason;
    private final Map<Severity, Map<String, String>> serviceNowSeverities = new EnumMap<>(Severity.class);
    private final String closeNotes;
    private final Map<String, String> jiraToServiceNow = new HashMap<>();
    private final Map<String, String> serviceNowToJira = new HashMap<>();

    @Autowired
    public AlignmentSettings(@Value("${scrumops.mapping.directory:mappings}") String directory) {
        this(Path.of(directory).resolve(FILE));
    }

    AlignmentSettings(Path path) {
        this.file = path.toString();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
        } catch (IOException e) {
            throw new MappingFileException(file, "(file)", file, "cannot be read: " + e.getMessage());
        }
        for (AlignedField field : AlignedField.values()) {
            JsonNode node = root.path("fields").path(field.key());
            policies.put(field, new FieldPolicy(system(node.path("owner").asText("newest"), "fields." + field.key() + ".owner"),
                    system(node.path("conflict").asText("newest"), "fields." + field.key() + ".conflict")));
        }
        jiraResolution = root.path("jira").path("resolution").asText("Done");
        root.path("jira").path("priorities").fields().forEachRemaining(e ->
                jiraPriorities.put(severity(e.getKey(), "jira.priorities"), e.getValue().asText()));
        JsonNode sn = root.path("servicenow");
        serviceNowTable = sn.path("table").asText("incident");
        sn.path("states").fields().forEachRemaining(e -> serviceNowStates.put(status(e.getKey()), e.getValue().asText()));
        onHoldReason = sn.path("onHoldReason").asText(null);
        sn.path("severities").fields().forEachRemaining(e -> {
            Map<String, String> fields = new HashMap<>();
            e.getValue().fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
            serviceNowSeverities.put(severity(e.getKey(), "servicenow.severities"), Map.copyOf(fields));
        });
        closeNotes = sn.path("closeNotes").asText("Resolved in Jira {key}");
        for (JsonNode person : root.path("people")) {
            String jira = person.path("jira").asText(null);
            String serviceNow = person.path("servicenow").asText(null);
            if (jira == null || serviceNow == null) {
                throw new MappingFileException(file, "people", person.toString(), "every entry needs both 'jira' and 'servicenow'");
            }
            jiraToServiceNow.put(jira, serviceNow);
            serviceNowToJira.put(serviceNow, jira);
        }
    }

    public FieldPolicy policy(AlignedField field) {
        return policies.get(field);
    }

    public String jiraResolution() {
        return jiraResolution;
    }

    public Optional<String> jiraPriority(Severity severity) {
        return Optional.ofNullable(severity == null ? null : jiraPriorities.get(severity));
    }

    public String serviceNowTable() {
        return serviceNowTable;
    }

    public Optional<String> serviceNowState(CanonicalStatus status) {
        return Optional.ofNullable(serviceNowStates.get(status));
    }

    public String onHoldReason() {
        return onHoldReason;
    }

    public Map<String, String> serviceNowSeverity(Severity severity) {
        return severity == null ? Map.of() : serviceNowSeverities.getOrDefault(severity, Map.of());
    }

    public String closeNotes(String issueKey) {
        return closeNotes.replace("{key}", issueKey == null ? "" : issueKey);
    }

    public Optional<String> serviceNowUser(String jiraAccount) {
        return Optional.ofNullable(jiraToServiceNow.get(jiraAccount));
    }

    public Optional<String> jiraAccount(String serviceNowUser) {
        return Optional.ofNullable(serviceNowToJira.get(serviceNowUser));
    }

    private SourceSystem system(String value, String key) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "newest" -> null;
            case "jira" -> SourceSystem.JIRA;
            case "servicenow" -> SourceSystem.SERVICENOW;
            default -> throw new MappingFileException(file, key, value, "not one of jira, servicenow, newest");
        };
    }

    private Severity severity(String value, String key) {
        try {
            return Severity.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new MappingFileException(file, key, value, "not a severity (SEV1, SEV2, SEV3, NON_PROD)");
        }
    }

    private CanonicalStatus status(String value) {
        try {
            return CanonicalStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new MappingFileException(file, "servicenow.states", value, "not a canonical status");
        }
    }
}
