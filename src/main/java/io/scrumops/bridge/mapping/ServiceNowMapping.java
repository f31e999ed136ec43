package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItemKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The contents of {@code mappings/servicenow.yaml}. */
public record ServiceNowMapping(String file, Map<String, Table> tables, ValueTable<Severity> priorities,
                                CloseCodes closeCodes, ChangeDeployments changeDeployments, List<RoutingRule> routing) {

    public static final List<String> ROUTING_FIELDS =
            List.of("assignment_group", "category", "subcategory", "cmdb_ci", "business_service", "table");

    public ServiceNowMapping {
        tables = Map.copyOf(tables);
        routing = List.copyOf(routing);
    }

    public record Table(String name, WorkItemKind kind, FlowType flowType, ValueTable<CanonicalStatus> states) {
    }

    /** The close_code the bridge writes when it resolves or cancels an incident. */
    public record CloseCodes(String resolved, String cancelled) {
    }

    public record ChangeDeployments(List<String> closedStates, String environment, List<String> serviceFields,
                                    ValueTable<DeploymentStatus> closeCodes) {

        public ChangeDeployments {
            closedStates = List.copyOf(closedStates);
            serviceFields = List.copyOf(serviceFields);
        }
    }

    /** All conditions must match: field name -> accepted values (raw values, sys_ids for references). */
    public record RoutingRule(String name, Map<String, List<String>> when, String team, String story) {

        public RoutingRule {
            when = Map.copyOf(when);
        }

        public boolean matches(Function<String, String> fieldValue) {
            return when.entrySet().stream().allMatch(condition -> {
                String actual = fieldValue.apply(condition.getKey());
                return actual != null && condition.getValue().stream().anyMatch(actual::equalsIgnoreCase);
            });
        }
    }

    public Table table(String name) {
        Table table = name == null ? null : tables.get(name);
        if (table == null) {
            throw new UnknownMappingValueException(file, "tables", String.valueOf(name), tables.keySet().stream().sorted().toList());
        }
        return table;
    }

    public Severity severityForPriority(String priority) {
        return priorities.get(priority);
    }

    /** The first routing rule matching the record's field values, if any. */
    public Optional<RoutingRule> route(Function<String, String> fieldValue) {
        return routing.stream().filter(rule -> rule.matches(fieldValue)).findFirst();
    }
}
