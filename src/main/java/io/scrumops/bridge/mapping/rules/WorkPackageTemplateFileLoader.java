package io.scrumops.bridge.mapping.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.rules.TaskTemplate;
import io.scrumops.bridge.rules.WorkPackageTemplate;
import io.scrumops.bridge.rules.WorkPackageTemplates;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads {@code mappings/templates.yaml}:
 * <pre>
 * templates:
 *   - id: sev1-incident            # unique; [a-z0-9-_]
 *     severity: SEV1               # optional
 *     category: website            # optional; a category template wins over a severity template
 *     issue-type: Work Package     # optional
 *     labels: [sev1]               # optional
 *     components: [operations]     # optional
 *     tasks:                       # at least one
 *       - key: triage              # unique within the template; [a-z0-9-_]
 *         title: Triage and assess impact
 *         estimate: 1              # optional, points or hours, not negative
 *         issue-type: Sub-task     # optional
 *         labels: []               # optional
 *         components: []           # optional
 * </pre>
 */
public final class WorkPackageTemplateFileLoader {

    private static final Set<String> ROOT_KEYS = Set.of("templates");
    private static final Set<String> TEMPLATE_KEYS =
            Set.of("id", "severity", "category", "issue-type", "labels", "components", "tasks");
    private static final Set<String> TASK_KEYS = Set.of("key", "title", "estimate", "issue-type", "labels", "components");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public WorkPackageTemplates load(Path file) {
        return load(file.toString(), YamlNodes.read(file));
    }

    public WorkPackageTemplates load(String fileName, String content) {
        YamlNodes yaml = new YamlNodes(fileName);
        JsonNode root = yaml.object(yaml.parse(content), "");
        yaml.onlyKnownKeys(root, "", ROOT_KEYS);
        JsonNode list = yaml.array(root.get("templates"), "templates");
        List<WorkPackageTemplate> templates = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, String> selectors = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "templates[" + i + "]";
            WorkPackageTemplate template = template(yaml, yaml.object(list.get(i), key), key);
            String previous = ids.put(template.id(), key);
            if (previous != null) {
                throw yaml.fail(key + ".id", template.id(), "already used by " + previous);
            }
            String selector = template.severity() + "/" + template.category();
            String sameSelector = selectors.put(selector, template.id());
            if (sameSelector != null) {
                throw yaml.fail(key + ".id", template.id(), "template " + sameSelector + " already applies to severity "
                        + orAny(template.severity()) + " and category " + orAny(template.category()));
            }
            templates.add(template);
        }
        return new WorkPackageTemplates(templates);
    }

    private WorkPackageTemplate template(YamlNodes yaml, JsonNode node, String key) {
        yaml.onlyKnownKeys(node, key, TEMPLATE_KEYS);
        String id = identifier(yaml, yaml.string(node.get("id"), key + ".id"), key + ".id");
        String severityText = yaml.optionalString(node, "severity", key + ".severity");
        Severity severity = severityText == null ? null : SlaPolicyFileLoader.severity(yaml, severityText, key + ".severity");
        String category = yaml.optionalString(node, "category", key + ".category");
        String issueType = yaml.optionalString(node, "issue-type", key + ".issue-type");
        List<String> labels = yaml.strings(node, "labels", key + ".labels");
        List<String> components = yaml.strings(node, "components", key + ".components");
        JsonNode tasksNode = yaml.array(node.get("tasks"), key + ".tasks");
        if (tasksNode.isEmpty()) {
            throw yaml.fail(key + ".tasks", "[]", "a template lists at least one task");
        }
        List<TaskTemplate> tasks = new ArrayList<>();
        Set<String> taskKeys = new LinkedHashSet<>();
        for (int i = 0; i < tasksNode.size(); i++) {
            String taskKey = key + ".tasks[" + i + "]";
            TaskTemplate task = task(yaml, yaml.object(tasksNode.get(i), taskKey), taskKey);
            if (!taskKeys.add(task.key())) {
                throw yaml.fail(taskKey + ".key", task.key(), "already used by another task of template " + id);
            }
            tasks.add(task);
        }
        return new WorkPackageTemplate(id, severity, category, issueType, new LinkedHashSet<>(labels), components, tasks);
    }

    private TaskTemplate task(YamlNodes yaml, JsonNode node, String key) {
        yaml.onlyKnownKeys(node, key, TASK_KEYS);
        String taskKey = identifier(yaml, yaml.string(node.get("key"), key + ".key"), key + ".key");
        String title = yaml.string(node.get("title"), key + ".title");
        Double estimate = null;
        JsonNode estimateNode = node.get("estimate");
        if (estimateNode != null && !estimateNode.isNull()) {
            if (!estimateNode.isNumber()) {
                throw yaml.fail(key + ".estimate", YamlNodes.text(estimateNode), "expected a number of points or hours");
            }
            estimate = estimateNode.asDouble();
            if (estimate < 0 || estimate.isNaN() || estimate.isInfinite()) {
                throw yaml.fail(key + ".estimate", estimateNode.asText(), "an estimate cannot be negative");
            }
        }
        return new TaskTemplate(taskKey, title, estimate, yaml.optionalString(node, "issue-type", key + ".issue-type"),
                new LinkedHashSet<>(yaml.strings(node, "labels", key + ".labels")),
                yaml.strings(node, "components", key + ".components"));
    }

    private static String identifier(YamlNodes yaml, String value, String key) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw yaml.fail(key, value, "use lower-case letters, digits, '-' and '_' only");
        }
        return value;
    }

    private static String orAny(Object value) {
        return value == null ? "(any)" : value.toString().toLowerCase(Locale.ROOT);
    }
}
