package io.scrumops.bridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.mapping.rules.RuleFileLoader;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItemKind;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.scrumops.bridge.mapping.MappingDocument.child;

/**
 * Reads {@code jira.yaml}, {@code servicenow.yaml} and {@code deployments.yaml}, and the rule files (teams, SLA
 * policies, templates), from one directory and validates every value; the first mistake found is thrown as a
 * {@link MappingFileException}.
 */
public class MappingLoader {

    public static final String JIRA_FILE = "jira.yaml";
    public static final String SERVICENOW_FILE = "servicenow.yaml";
    public static final String DEPLOYMENTS_FILE = "deployments.yaml";

    public static final String DEFAULT_TEAMS_FILE = "teams.yaml";

    private final Path directory;
    private final Clock clock;
    private final RuleFileLoader rules;

    public MappingLoader(Path directory) {
        this(directory, Clock.systemUTC());
    }

    public MappingLoader(Path directory, Clock clock) {
        this(directory, clock, DEFAULT_TEAMS_FILE);
    }

    public MappingLoader(Path directory, Clock clock, String teamsFile) {
        this.directory = directory;
        this.clock = clock;
        this.rules = new RuleFileLoader(directory, teamsFile);
    }

    public Path directory() {
        return directory;
    }

    public MappingSet load() {
        return new MappingSet(loadJira(), loadServiceNow(), loadDeployments(), rules.load(), clock.instant());
    }

    public JiraMapping loadJira() {
        MappingDocument doc = MappingDocument.read(directory.resolve(JIRA_FILE));
        JsonNode root = doc.root();
        doc.allowOnly(root, "", "statuses", "statusCategories", "priorities", "issueTypes", "fields", "severityValues",
                "labels", "comments", "stages");
        ValueTable<CanonicalStatus> statuses =
                doc.enumTable(root, "", "statuses", CanonicalStatus.class, "canonical status", true);
        ValueTable<CanonicalStatus> categories =
                doc.enumTable(root, "", "statusCategories", CanonicalStatus.class, "canonical status", false);
        for (String category : categories.names()) {
            if (!List.of("new", "indeterminate", "done").contains(category)) {
                throw doc.error("statusCategories." + category, category,
                        "unknown Jira status category key (allowed: new, indeterminate, done)");
            }
        }
        ValueTable<Severity> priorities = doc.enumTable(root, "", "priorities", Severity.class, "severity", true);
        JsonNode typesNode = doc.section(root, "", "issueTypes", true);
        ValueTable<JiraMapping.IssueType> issueTypes = doc.table(typesNode, "issueTypes", (key, value) -> {
            if (!value.isObject()) {
                throw doc.error(key, value.asText(), "must be a mapping with kind and flowType");
            }
            doc.allowOnly(value, key, "kind", "flowType");
            JsonNode kind = value.get("kind");
            JsonNode flowType = value.get("flowType");
            if (kind == null) {
                throw doc.error(child(key, "kind"), MappingDocument.MISSING, "required value is missing");
            }
            if (flowType == null) {
                throw doc.error(child(key, "flowType"), MappingDocument.MISSING, "required value is missing");
            }
            return new JiraMapping.IssueType(doc.enumValue(kind, child(key, "kind"), WorkItemKind.class, "work item kind"),
                    doc.enumValue(flowType, child(key, "flowType"), FlowType.class, "flow type"));
        });
        JsonNode fieldsNode = doc.section(root, "", "fields", true);
        doc.allowOnly(fieldsNode, "fields", "severity", "team", "sprint", "productOwner", "slaPolicy", "category");
        JiraMapping.Fields fields = new JiraMapping.Fields(
                customField(doc, fieldsNode, "severity"), customField(doc, fieldsNode, "team"),
                customField(doc, fieldsNode, "sprint"), customField(doc, fieldsNode, "productOwner"),
                customField(doc, fieldsNode, "slaPolicy"), customField(doc, fieldsNode, "category"));
        ValueTable<Severity> severityValues =
                doc.enumTable(root, "", "severityValues", Severity.class, "severity", fields.severity() != null);
        JsonNode labelsNode = doc.section(root, "", "labels", false);
        JiraMapping.Labels labels = labelsNode == null
                ? new JiraMapping.Labels(List.of(), List.of(), List.of(), List.of())
                : readLabels(doc, labelsNode);
        JsonNode commentsNode = doc.section(root, "", "comments", true);
        doc.allowOnly(commentsNode, "comments", "restricted", "unrestricted");
        JiraMapping.CommentRule comments = new JiraMapping.CommentRule(
                requiredEnum(doc, commentsNode, "comments", "restricted", CommentVisibility.class, "comment visibility"),
                requiredEnum(doc, commentsNode, "comments", "unrestricted", CommentVisibility.class, "comment visibility"));
        JsonNode stagesNode = doc.section(root, "", "stages", false);
        ValueTable<JiraMapping.Stage> stages = stagesNode == null
                ? ValueTable.empty(doc.file(), "stages")
                : doc.table(stagesNode, "stages", (key, value) -> stage(doc, key, value));
        return new JiraMapping(doc.file(), statuses, categories, priorities, issueTypes, fields, severityValues, labels,
                comments, stages);
    }

    /** {@code Status: { valueStream: INTEGRATE, stage: develop, state: active }}; every key is checked. */
    private static JiraMapping.Stage stage(MappingDocument doc, String key, JsonNode value) {
        if (!value.isObject()) {
            throw doc.error(key, value.asText(), "must be a mapping with valueStream, stage and state");
        }
        doc.allowOnly(value, key, "valueStream", "stage", "state");
        String stream = value.path("valueStream").asText("").toUpperCase(java.util.Locale.ROOT);
        List<String> stages = JiraMapping.VALUE_STREAMS.get(stream);
        if (stages == null) {
            throw doc.error(child(key, "valueStream"), value.path("valueStream").asText(MappingDocument.MISSING),
                    "unknown value stream (allowed: INTEGRATE, DEPLOY, OPERATE)");
        }
        String stage = value.path("stage").asText("").toLowerCase(java.util.Locale.ROOT);
        if (!stages.contains(stage)) {
            throw doc.error(child(key, "stage"), value.path("stage").asText(MappingDocument.MISSING),
                    "unknown stage of " + stream + " (allowed: " + String.join(", ", stages) + ")");
        }
        String state = value.path("state").asText("").toLowerCase(java.util.Locale.ROOT);
        if (!state.equals("active") && !state.equals("waiting")) {
            throw doc.error(child(key, "state"), value.path("state").asText(MappingDocument.MISSING),
                    "state must be active or waiting");
        }
        return new JiraMapping.Stage(stream, stage, state.equals("active"));
    }

    private static JiraMapping.Labels readLabels(MappingDocument doc, JsonNode node) {
        doc.allowOnly(node, "labels", "recurring", "multiTeam", "escalationAllowed", "dormant");
        return new JiraMapping.Labels(doc.texts(node, "labels", "recurring", false),
                doc.texts(node, "labels", "multiTeam", false),
                doc.texts(node, "labels", "escalationAllowed", false),
                doc.texts(node, "labels", "dormant", false));
    }

    private static final Pattern FIELD_ID = Pattern.compile("customfield_\\d+|[a-zA-Z][a-zA-Z0-9_]*");

    private static String customField(MappingDocument doc, JsonNode fields, String name) {
        String value = doc.text(fields, "fields", name, false);
        if (value != null && !FIELD_ID.matcher(value).matches()) {
            throw doc.error("fields." + name, value, "not a Jira field id (expected e.g. customfield_10020)");
        }
        return value;
    }

    private static <E extends Enum<E>> E requiredEnum(MappingDocument doc, JsonNode parent, String path, String name,
                                                      Class<E> type, String what) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw doc.error(child(path, name), MappingDocument.MISSING, "required value is missing");
        }
        return doc.enumValue(node, child(path, name), type, what);
    }

    public ServiceNowMapping loadServiceNow() {
        MappingDocument doc = MappingDocument.read(directory.resolve(SERVICENOW_FILE));
        JsonNode root = doc.root();
        doc.allowOnly(root, "", "tables", "priorities", "closeCodes", "changeDeployments", "routing");
        JsonNode tablesNode = doc.section(root, "", "tables", true);
        Map<String, ServiceNowMapping.Table> tables = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = tablesNode.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = "tables." + entry.getKey();
            JsonNode table = doc.section(tablesNode, "tables", entry.getKey(), true);
            doc.allowOnly(table, key, "kind", "flowType", "states");
            tables.put(entry.getKey(), new ServiceNowMapping.Table(entry.getKey(),
                    requiredEnum(doc, table, key, "kind", WorkItemKind.class, "work item kind"),
                    requiredEnum(doc, table, key, "flowType", FlowType.class, "flow type"),
                    doc.enumTable(table, key, "states", CanonicalStatus.class, "canonical status", true)));
        }
        if (tables.isEmpty()) {
            throw doc.error("tables", "", "at least one table is required");
        }
        ValueTable<Severity> priorities = doc.enumTable(root, "", "priorities", Severity.class, "severity", true);
        JsonNode closeNode = doc.section(root, "", "closeCodes", true);
        doc.allowOnly(closeNode, "closeCodes", "resolved", "cancelled");
        ServiceNowMapping.CloseCodes closeCodes = new ServiceNowMapping.CloseCodes(
                doc.text(closeNode, "closeCodes", "resolved", true), doc.text(closeNode, "closeCodes", "cancelled", true));
        JsonNode changeNode = doc.section(root, "", "changeDeployments", true);
        doc.allowOnly(changeNode, "changeDeployments", "closedStates", "environment", "serviceFields", "closeCodes");
        ServiceNowMapping.ChangeDeployments changeDeployments = new ServiceNowMapping.ChangeDeployments(
                doc.texts(changeNode, "changeDeployments", "closedStates", true),
                doc.text(changeNode, "changeDeployments", "environment", true),
                doc.texts(changeNode, "changeDeployments", "serviceFields", false),
                doc.enumTable(changeNode, "changeDeployments", "closeCodes", DeploymentStatus.class,
                        "deployment status", true));
        ServiceNowMapping.Table changeTable = tables.get("change_request");
        if (changeTable != null) {
            for (int i = 0; i < changeDeployments.closedStates().size(); i++) {
                String state = changeDeployments.closedStates().get(i);
                if (changeTable.states().find(state).isEmpty()) {
                    throw doc.error("changeDeployments.closedStates[" + i + "]", state,
                            "not a state listed in tables.change_request.states");
                }
            }
        }
        List<ServiceNowMapping.RoutingRule> routing = new ArrayList<>();
        JsonNode routingNode = doc.list(root, "", "routing", false);
        if (routingNode != null) {
            for (int i = 0; i < routingNode.size(); i++) {
                routing.add(readRoutingRule(doc, routingNode.get(i), "routing[" + i + "]"));
            }
        }
        return new ServiceNowMapping(doc.file(), tables, priorities, closeCodes, changeDeployments, routing);
    }

    private static ServiceNowMapping.RoutingRule readRoutingRule(MappingDocument doc, JsonNode rule, String key) {
        if (!rule.isObject()) {
            throw doc.error(key, rule.asText(), "must be a mapping with when, team and story");
        }
        doc.allowOnly(rule, key, "name", "when", "team", "story");
        JsonNode when = doc.section(rule, key, "when", true);
        Map<String, List<String>> conditions = new LinkedHashMap<>();
        Iterator<String> fields = when.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!ServiceNowMapping.ROUTING_FIELDS.contains(field)) {
                throw doc.error(key + ".when." + field, field,
                        "unknown routing condition (allowed: " + String.join(", ", ServiceNowMapping.ROUTING_FIELDS) + ")");
            }
            conditions.put(field, doc.texts(when, key + ".when", field, true));
        }
        String name = doc.text(rule, key, "name", false);
        return new ServiceNowMapping.RoutingRule(name == null ? key : name, conditions,
                doc.text(rule, key, "team", true), doc.text(rule, key, "story", false));
    }

    public DeploymentMapping loadDeployments() {
        MappingDocument doc = MappingDocument.read(directory.resolve(DEPLOYMENTS_FILE));
        JsonNode root = doc.root();
        doc.allowOnly(root, "", "environments", "statuses", "jenkins", "issueKeys");
        JsonNode environments = doc.section(root, "", "environments", true);
        doc.allowOnly(environments, "environments", "rules", "unmatched");
        JsonNode rulesNode = doc.list(environments, "environments", "rules", true);
        List<DeploymentMapping.EnvironmentRule> rules = new ArrayList<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            String key = "environments.rules[" + i + "]";
            JsonNode rule = rulesNode.get(i);
            if (!rule.isObject()) {
                throw doc.error(key, rule.asText(), "must be a mapping with pattern and type");
            }
            doc.allowOnly(rule, key, "pattern", "type");
            rules.add(new DeploymentMapping.EnvironmentRule(
                    regex(doc, doc.text(rule, key, "pattern", true), key + ".pattern", Pattern.CASE_INSENSITIVE),
                    requiredEnum(doc, rule, key, "type", EnvironmentType.class, "environment type")));
        }
        JsonNode unmatched = environments.get("unmatched");
        EnvironmentType unmatchedType = unmatched == null || unmatched.isNull() ? null
                : doc.enumValue(unmatched, "environments.unmatched", EnvironmentType.class, "environment type");
        JsonNode statuses = doc.section(root, "", "statuses", true);
        doc.allowOnly(statuses, "statuses", "github", "gitlab", "jenkins", "generic");
        JsonNode jenkins = doc.section(root, "", "jenkins", true);
        doc.allowOnly(jenkins, "jenkins", "phases", "environmentParameters");
        List<Pattern> issueKeys = new ArrayList<>();
        List<String> keyPatterns = doc.texts(root, "", "issueKeys", true);
        for (int i = 0; i < keyPatterns.size(); i++) {
            issueKeys.add(regex(doc, keyPatterns.get(i), "issueKeys[" + i + "]", 0));
        }
        return new DeploymentMapping(doc.file(), rules, unmatchedType,
                statusTable(doc, statuses, "github"), statusTable(doc, statuses, "gitlab"),
                statusTable(doc, statuses, "jenkins"), statusTable(doc, statuses, "generic"),
                doc.enumTable(jenkins, "jenkins", "phases", DeploymentStatus.class, "deployment status", true),
                doc.texts(jenkins, "jenkins", "environmentParameters", false), issueKeys);
    }

    private static ValueTable<DeploymentStatus> statusTable(MappingDocument doc, JsonNode statuses, String source) {
        return doc.enumTable(statuses, "statuses", source, DeploymentStatus.class, "deployment status", true);
    }

    private static Pattern regex(MappingDocument doc, String pattern, String key, int flags) {
        try {
            return Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            throw doc.error(key, pattern, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
