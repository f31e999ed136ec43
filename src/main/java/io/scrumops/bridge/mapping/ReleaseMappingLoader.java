package io.scrumops.bridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.GateKind;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.scrumops.bridge.mapping.MappingDocument.child;

/**
 * Reads and validates {@code releases.yaml}; the first mistake is thrown as a {@link MappingFileException} naming the
 * file, the key and the value. A missing file means no releases are tracked.
 */
public class ReleaseMappingLoader {

    public static final String FILE = "releases.yaml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TABLE = Pattern.compile("[a-z0-9_]+");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.]+");

    private final Path directory;

    public ReleaseMappingLoader(Path directory) {
        this.directory = directory;
    }

    public ReleaseMapping load() {
        Path path = directory.resolve(FILE);
        if (!Files.exists(path)) {
            return ReleaseMapping.none();
        }
        MappingDocument doc = MappingDocument.read(path);
        JsonNode root = doc.root();
        doc.allowOnly(root, "", "products");
        JsonNode products = doc.section(root, "", "products", true);
        List<ReleaseMapping.Product> result = new ArrayList<>();
        Set<String> projects = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> it = products.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            ReleaseMapping.Product product = product(doc, entry.getKey(), entry.getValue());
            for (String project : product.jiraProjects()) {
                if (!projects.add(project)) {
                    throw doc.error(child("products." + product.name(), "jira.projects"), project,
                            "project already belongs to another product");
                }
            }
            result.add(product);
        }
        return new ReleaseMapping(doc.file(), result);
    }

    private static ReleaseMapping.Product product(MappingDocument doc, String name, JsonNode node) {
        String path = "products." + name;
        if (!node.isObject()) {
            throw doc.error(path, node.asText(), "must be a mapping with jira, serviceNow, deployments and phases");
        }
        doc.allowOnly(node, path, "jira", "serviceNow", "deployments", "phases", "plannedDates");
        JsonNode jira = doc.section(node, path, "jira", false);
        List<String> jiraProjects = List.of();
        Map<String, String> epics = Map.of();
        ReleaseMapping.VersionWriteBack versionWriteBack = ReleaseMapping.VersionWriteBack.DESCRIPTION;
        if (jira != null) {
            String jiraPath = child(path, "jira");
            doc.allowOnly(jira, jiraPath, "projects", "epics", "versionWriteBack");
            jiraProjects = doc.texts(jira, jiraPath, "projects", true);
            epics = stringMap(doc, doc.section(jira, jiraPath, "epics", false), child(jiraPath, "epics"));
            JsonNode writeBack = jira.get("versionWriteBack");
            if (writeBack != null) {
                versionWriteBack = doc.enumValue(writeBack, child(jiraPath, "versionWriteBack"),
                        ReleaseMapping.VersionWriteBack.class, "version write-back");
            }
        }
        JsonNode sn = doc.section(node, path, "serviceNow", false);
        List<String> services = List.of();
        List<String> incidentTeams = List.of();
        String releaseField = null;
        String verdictField = null;
        if (sn != null) {
            String snPath = child(path, "serviceNow");
            doc.allowOnly(sn, snPath, "changeRequestServices", "releaseField", "verdictField", "incidentTeams");
            services = doc.texts(sn, snPath, "changeRequestServices", false);
            incidentTeams = doc.texts(sn, snPath, "incidentTeams", false);
            releaseField = field(doc, sn, snPath, "releaseField");
            verdictField = field(doc, sn, snPath, "verdictField");
        }
        JsonNode deployments = doc.section(node, path, "deployments", false);
        List<String> deploymentServices = List.of();
        if (deployments != null) {
            doc.allowOnly(deployments, child(path, "deployments"), "services");
            deploymentServices = doc.texts(deployments, child(path, "deployments"), "services", true);
        }
        JsonNode phasesNode = doc.list(node, path, "phases", true);
        List<ReleaseMapping.Phase> phases = new ArrayList<>();
        Set<String> phaseNames = new HashSet<>();
        for (int i = 0; i < phasesNode.size(); i++) {
            ReleaseMapping.Phase phase = phase(doc, child(path, "phases") + "[" + i + "]", phasesNode.get(i));
            if (!phaseNames.add(phase.name())) {
                throw doc.error(child(path, "phases") + "[" + i + "].name", phase.name(), "phase named twice");
            }
            phases.add(phase);
        }
        if (phases.isEmpty()) {
            throw doc.error(child(path, "phases"), "[]", "a product needs at least one phase");
        }
        Map<String, Map<String, ReleaseMapping.Window>> planned = new LinkedHashMap<>();
        JsonNode plannedNode = doc.section(node, path, "plannedDates", false);
        if (plannedNode != null) {
            plannedNode.fields().forEachRemaining(release -> {
                String releasePath = child(child(path, "plannedDates"), release.getKey());
                Map<String, ReleaseMapping.Window> windows = new LinkedHashMap<>();
                release.getValue().fields().forEachRemaining(window -> {
                    String windowPath = child(releasePath, window.getKey());
                    if (!phaseNames.contains(window.getKey())) {
                        throw doc.error(windowPath, window.getKey(), "not a phase of " + name);
                    }
                    doc.allowOnly(window.getValue(), windowPath, "start", "end");
                    LocalDate start = date(doc, window.getValue(), windowPath, "start");
                    LocalDate end = date(doc, window.getValue(), windowPath, "end");
                    if (end.isBefore(start)) {
                        throw doc.error(child(windowPath, "end"), end.toString(), "ends before it starts");
                    }
                    windows.put(window.getKey(), new ReleaseMapping.Window(start, end));
                });
                planned.put(release.getKey(), windows);
            });
        }
        return new ReleaseMapping.Product(name, jiraProjects, epics, versionWriteBack, services, releaseField,
                verdictField, incidentTeams, deploymentServices, phases, planned);
    }

    private static ReleaseMapping.Phase phase(MappingDocument doc, String path, JsonNode node) {
        if (!node.isObject()) {
            throw doc.error(path, node.asText(), "must be a mapping with name, days, entry and exit");
        }
        doc.allowOnly(node, path, "name", "days", "entry", "exit");
        String name = doc.text(node, path, "name", true);
        if (!NAME.matcher(name).matches()) {
            throw doc.error(child(path, "name"), name, "letters, digits, - and _ only");
        }
        String daysText = doc.text(node, path, "days", true);
        int days;
        try {
            days = Integer.parseInt(daysText);
        } catch (NumberFormatException e) {
            throw doc.error(child(path, "days"), daysText, "must be a whole number of days");
        }
        if (days < 0) {
            throw doc.error(child(path, "days"), daysText, "must not be negative");
        }
        List<Gate> gates = new ArrayList<>();
        for (GateKind kind : GateKind.values()) {
            String key = kind.name().toLowerCase(Locale.ROOT);
            JsonNode gate = doc.section(node, path, key, false);
            if (gate != null) {
                gates.add(gate(doc, child(path, key), name, kind, gate));
            }
        }
        return new ReleaseMapping.Phase(name, days, gates);
    }

    private static Gate gate(MappingDocument doc, String path, String phase, GateKind kind, JsonNode node) {
        doc.allowOnly(node, path, "name", "criteria");
        String id = phase.toLowerCase(Locale.ROOT) + "-" + kind.name().toLowerCase(Locale.ROOT);
        String name = node.has("name") ? doc.text(node, path, "name", true)
                : phase + " " + kind.name().toLowerCase(Locale.ROOT);
        JsonNode list = doc.list(node, path, "criteria", true);
        List<GateCriterion> criteria = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            GateCriterion criterion = criterion(doc, child(path, "criteria") + "[" + i + "]", list.get(i));
            if (!ids.add(criterion.id())) {
                throw doc.error(child(path, "criteria") + "[" + i + "].id", criterion.id(), "criterion id used twice in the gate");
            }
            criteria.add(criterion);
        }
        if (criteria.isEmpty()) {
            throw doc.error(child(path, "criteria"), "[]", "a gate needs at least one criterion");
        }
        if (criteria.stream().filter(GateCriterion::isManual).count() > 1) {
            throw doc.error(child(path, "criteria"), "signOff", "a gate takes one sign-off criterion");
        }
        return new Gate(id, name, kind, criteria);
    }

    private static GateCriterion criterion(MappingDocument doc, String path, JsonNode node) {
        if (!node.isObject()) {
            throw doc.error(path, node.asText(), "must be a mapping with kind and its values");
        }
        String kindName = doc.text(node, path, "kind", true);
        CriterionKind kind = switch (kindName) {
            case "noOpenDefects" -> CriterionKind.NO_OPEN_DEFECTS;
            case "noOpenIncidents" -> CriterionKind.NO_OPEN_INCIDENTS;
            case "allStoriesDone" -> CriterionKind.ALL_STORIES_DONE;
            case "testExecutionComplete" -> CriterionKind.TEST_EXECUTION_COMPLETE;
            case "deployedTo" -> CriterionKind.DEPLOYED_TO;
            case "changeApproved" -> CriterionKind.CHANGE_APPROVED;
            case "jqlEmpty", "serviceNowQueryEmpty" -> CriterionKind.REMOTE_QUERY_EMPTY;
            case "signOff" -> CriterionKind.SIGN_OFF;
            default -> throw doc.error(child(path, "kind"), kindName, "unknown criterion kind (allowed: noOpenDefects, "
                    + "noOpenIncidents, allStoriesDone, testExecutionComplete, deployedTo, changeApproved, jqlEmpty, "
                    + "serviceNowQueryEmpty, signOff)");
        };
        String id = node.has("id") ? doc.text(node, path, "id", true) : kindName;
        if (!NAME.matcher(id).matches()) {
            throw doc.error(child(path, "id"), id, "letters, digits, - and _ only");
        }
        String title = node.has("title") ? doc.text(node, path, "title", true) : null;
        Severity severity = null;
        List<Severity> severities = List.of();
        String issueType = null;
        String field = null;
        List<String> passValues = List.of();
        String environment = null;
        SourceSystem system = null;
        String table = null;
        String query = null;
        switch (kind) {
            case NO_OPEN_DEFECTS -> {
                doc.allowOnly(node, path, "kind", "id", "title", "severity");
                severity = doc.enumValue(required(doc, node, path, "severity"), child(path, "severity"), Severity.class, "severity");
                title = title != null ? title : "No open defects at or above " + severity;
            }
            case NO_OPEN_INCIDENTS -> {
                doc.allowOnly(node, path, "kind", "id", "title", "severities");
                List<String> names = doc.texts(node, path, "severities", false);
                List<Severity> parsed = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    parsed.add(doc.enumValue(node.get("severities").isArray() ? node.get("severities").get(i)
                            : node.get("severities"), child(path, "severities") + "[" + i + "]", Severity.class, "severity"));
                }
                severities = parsed.isEmpty() ? List.of(Severity.SEV1, Severity.SEV2) : parsed;
                title = title != null ? title : "No open " + severities + " incidents on the product";
            }
            case ALL_STORIES_DONE -> {
                doc.allowOnly(node, path, "kind", "id", "title");
                title = title != null ? title : "All stories done";
            }
            case TEST_EXECUTION_COMPLETE -> {
                doc.allowOnly(node, path, "kind", "id", "title", "issueType", "field", "passValues");
                issueType = doc.text(node, path, "issueType", true);
                field = field(doc, node, path, "field");
                passValues = doc.texts(node, path, "passValues", true);
                title = title != null ? title : "All " + issueType + " passed";
            }
            case DEPLOYED_TO -> {
                doc.allowOnly(node, path, "kind", "id", "title", "environment");
                environment = doc.text(node, path, "environment", true);
                title = title != null ? title : "Deployed to " + environment;
            }
            case CHANGE_APPROVED -> {
                doc.allowOnly(node, path, "kind", "id", "title");
                title = title != null ? title : "Change request approved";
            }
            case REMOTE_QUERY_EMPTY -> {
                if (kindName.equals("jqlEmpty")) {
                    doc.allowOnly(node, path, "kind", "id", "title", "jql");
                    system = SourceSystem.JIRA;
                    query = doc.text(node, path, "jql", true);
                } else {
                    doc.allowOnly(node, path, "kind", "id", "title", "table", "query");
                    system = SourceSystem.SERVICENOW;
                    table = doc.text(node, path, "table", true);
                    if (!TABLE.matcher(table).matches()) {
                        throw doc.error(child(path, "table"), table, "not a ServiceNow table name");
                    }
                    query = doc.text(node, path, "query", true);
                }
                title = title != null ? title : "Query returns nothing: " + query;
            }
            case SIGN_OFF -> {
                doc.allowOnly(node, path, "kind", "id", "title");
                title = title != null ? title : "Signed off";
            }
        }
        return new GateCriterion(id, kind, title, severity, severities, issueType, field, passValues, environment,
                system, table, query);
    }

    private static JsonNode required(MappingDocument doc, JsonNode node, String path, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw doc.error(child(path, name), MappingDocument.MISSING, "required value is missing");
        }
        return value;
    }

    private static String field(MappingDocument doc, JsonNode node, String path, String name) {
        String value = doc.text(node, path, name, false);
        if (value != null && !FIELD.matcher(value).matches()) {
            throw doc.error(child(path, name), value, "not a field name");
        }
        return value;
    }

    private static LocalDate date(MappingDocument doc, JsonNode node, String path, String name) {
        String text = doc.text(node, path, name, true);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw doc.error(child(path, name), text, "not a date (yyyy-mm-dd)");
        }
    }

    private static Map<String, String> stringMap(MappingDocument doc, JsonNode node, String path) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> values.put(e.getKey(), doc.scalar(e.getValue(), child(path, e.getKey()))));
        }
        return values;
    }
}
