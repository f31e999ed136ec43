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
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The contents of {@code mappings/alignment.yaml}: field ownership, the values the bridge writes, the tables of
 * people, teams and resolutions, and the rules that give a Jira issue its incident.
 */
@Component("alignmentSettings")
public class AlignmentSettings {

    static final String FILE = "alignment.yaml";

    private final String file;
    private final Map<AlignedField, FieldPolicy> policies = new EnumMap<>(AlignedField.class);
    private final String jiraResolution;
    private final Map<Severity, String> jiraPriorities = new EnumMap<>(Severity.class);
    private final String serviceNowTable;
    private final Map<CanonicalStatus, String> serviceNowStates = new EnumMap<>(CanonicalStatus.class);
    /** Further tables paired like the main one, each with the state codes the bridge writes. */
    private final Map<String, Map<CanonicalStatus, String>> tableStates = new LinkedHashMap<>();
    private final Map<String, String> tableOnHoldReasons = new HashMap<>();
    private final String onHoldReason;
    private final Map<Severity, Map<String, String>> serviceNowSeverities = new EnumMap<>(Severity.class);
    private final String closeNotes;
    private final Map<String, String> jiraToServiceNow = new HashMap<>();
    private final Map<String, String> serviceNowToJira = new HashMap<>();
    private final CanonicalCodes groups = new CanonicalCodes();
    private final CanonicalCodes resolutions = new CanonicalCodes();
    private final boolean jiraTeamAsOption;
    private final String jiraIncidentField;
    private final List<JiraPairingRule> jiraPairing = new ArrayList<>();

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
        sn.path("tables").fields().forEachRemaining(t -> {
            String key = "servicenow.tables." + t.getKey();
            if (!t.getKey().matches("[a-z][a-z0-9_]*") || t.getKey().equals(serviceNowTable)) {
                throw new MappingFileException(file, key, t.getKey(), "not a further ServiceNow table name");
            }
            Map<CanonicalStatus, String> states = new EnumMap<>(CanonicalStatus.class);
            t.getValue().path("states").fields().forEachRemaining(e -> states.put(status(e.getKey()), e.getValue().asText()));
            if (states.isEmpty()) {
                throw new MappingFileException(file, key + ".states", "", "a paired table needs the state codes the bridge writes");
            }
            tableStates.put(t.getKey(), states);
            String reason = t.getValue().path("onHoldReason").asText(null);
            if (reason != null) {
                tableOnHoldReasons.put(t.getKey(), reason);
            }
        });
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
        String teamFormat = root.path("jira").path("teamFieldFormat").asText("option");
        if (!teamFormat.equals("option") && !teamFormat.equals("text")) {
            throw new MappingFileException(file, "jira.teamFieldFormat", teamFormat, "not one of option, text");
        }
        jiraTeamAsOption = teamFormat.equals("option");
        jiraIncidentField = root.path("jira").path("incidentField").asText(null);
        if (jiraIncidentField != null && !jiraIncidentField.startsWith("customfield_")) {
            throw new MappingFileException(file, "jira.incidentField", jiraIncidentField, "not a custom field id (customfield_<n>)");
        }
        codes(root.path("groups"), "groups", groups);
        codes(root.path("resolutions"), "resolutions", resolutions);
        JsonNode rules = root.path("jiraPairing");
        for (int i = 0; i < rules.size(); i++) {
            jiraPairing.add(pairingRule(rules.get(i), "jiraPairing[" + i + "]"));
        }
    }

    /** {@code <canonical>: {jira: value or list, servicenow: value or list}} */
    private void codes(JsonNode table, String key, CanonicalCodes into) {
        table.fields().forEachRemaining(entry -> {
            for (SourceSystem system : List.of(SourceSystem.JIRA, SourceSystem.SERVICENOW)) {
                String path = key + "." + entry.getKey() + "." + system.code();
                List<String> values = texts(entry.getValue().path(system.code()));
                if (values.isEmpty()) {
                    throw new MappingFileException(file, path, "", "every entry needs a value for jira and for servicenow");
                }
                into.put(entry.getKey(), system, values).ifPresent(other -> {
                    throw new MappingFileException(file, path, String.join(", ", values), "already stands for " + other);
                });
            }
        });
    }

    private JiraPairingRule pairingRule(JsonNode node, String key) {
        JsonNode when = node.path("when");
        Set<String> known = Set.of("project", "issueType", "label");
        when.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new MappingFileException(file, key + ".when." + name, name, "unknown condition (known: project, issueType, label)");
            }
        });
        Set<String> projects = Set.copyOf(texts(when.path("project")));
        Set<String> issueTypes = Set.copyOf(texts(when.path("issueType")));
        Set<String> labels = Set.copyOf(texts(when.path("label")));
        if (projects.isEmpty() && issueTypes.isEmpty() && labels.isEmpty()) {
            throw new MappingFileException(file, key + ".when", when.toString(),
                    "needs at least one of project, issueType, label: a rule without one would pair every issue");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        node.path("incident").fields().forEachRemaining(f -> {
            if (!f.getValue().isValueNode()) {
                throw new MappingFileException(file, key + ".incident." + f.getKey(), f.getValue().toString(),
                        "not a single stored value");
            }
            fields.put(f.getKey(), f.getValue().asText());
        });
        return new JiraPairingRule(node.path("name").asText(key), projects, issueTypes, labels, fields);
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (node.isValueNode() && !node.isNull()) {
            values.add(node.asText());
        }
        values.removeIf(String::isBlank);
        return values;
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

    /** The state code the bridge writes into a record of {@code table}. */
    public Optional<String> serviceNowState(String table, CanonicalStatus status) {
        if (table == null || table.equals(serviceNowTable)) {
            return serviceNowState(status);
        }
        return Optional.ofNullable(tableStates.getOrDefault(table, Map.of()).get(status));
    }

    public String onHoldReason() {
        return onHoldReason;
    }

    public String onHoldReason(String table) {
        return table == null || table.equals(serviceNowTable) ? onHoldReason : tableOnHoldReasons.get(table);
    }

    /** Every table whose records are paired with work packages: the main one and {@code servicenow.tables}. */
    public List<String> pairedTables() {
        List<String> tables = new ArrayList<>();
        tables.add(serviceNowTable);
        tables.addAll(tableStates.keySet());
        return tables;
    }

    public Map<String, String> serviceNowSeverity(Severity severity) {
        return severity == null ? Map.of() : serviceNowSeverities.getOrDefault(severity, Map.of());
    }

    /** The severity whose impact and urgency these are, as the bridge writes them. */
    public Optional<Severity> severityOf(String impact, String urgency) {
        return serviceNowSeverities.entrySet().stream()
                .filter(e -> Objects.equals(e.getValue().get("impact"), impact)
                        && Objects.equals(e.getValue().get("urgency"), urgency))
                .map(Map.Entry::getKey).findFirst();
    }

    public String closeNotes(String issueKey) {
        return closeNotes.replace("{key}", issueKey == null ? "" : issueKey);
    }

    public Optional<String> serviceNowUser(String jiraAccount) {
        return Optional.ofNullable(jiraToServiceNow.get(jiraAccount));
    }

    /** The people table: Jira account or user name -> sys_user sys_id. */
    public Map<String, String> people() {
        return Map.copyOf(jiraToServiceNow);
    }

    public Optional<String> jiraAccount(String serviceNowUser) {
        return Optional.ofNullable(serviceNowToJira.get(serviceNowUser));
    }

    /** The team an assignment group or Jira team value stands for. */
    public Optional<String> team(SourceSystem system, String value) {
        return groups.canonical(system, value);
    }

    /** The assignment group sys_id (ServiceNow) or team field value (Jira) the bridge writes for a team. */
    public Optional<String> teamValue(SourceSystem system, String team) {
        return groups.value(system, team);
    }

    /** The Jira custom field that may hold the number of the incident an issue belongs to. */
    public Optional<String> jiraIncidentField() {
        return Optional.ofNullable(jiraIncidentField);
    }

    public boolean jiraTeamAsOption() {
        return jiraTeamAsOption;
    }

    /** The canonical resolution a Jira resolution name or ServiceNow close code stands for. */
    public Optional<String> resolution(SourceSystem system, String value) {
        return resolutions.canonical(system, value);
    }

    /** The Jira resolution name or ServiceNow close code the bridge writes for a canonical resolution. */
    public Optional<String> resolutionValue(SourceSystem system, String resolution) {
        return resolutions.value(system, resolution);
    }

    /** The first Jira pairing rule the issue matches. */
    public Optional<JiraPairingRule> jiraPairingRule(String project, String issueType, Collection<String> labels) {
        return JiraPairingRule.first(jiraPairing, project, issueType, labels);
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
