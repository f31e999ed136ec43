package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.DeploymentMapping;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.mapping.MappingSet;
import io.scrumops.bridge.mapping.ServiceNowMapping;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Table API (and Change Management API) incident and change request records -> ScrumOps model, through
 * {@code mappings/servicenow.yaml}; a closed change request is also a deployment.
 */
@Component("serviceNowRecordMapper")
public class ServiceNowRecordMapper {

    private static final String CONTEXT = "servicenow record";

    private final MappingRegistry mappings;

    public ServiceNowRecordMapper(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    /** A response holding one record ({@code {"result": {...}}}) or a bare record; table null means read sys_class_name. */
    public ServiceNowRecord fromResponse(String json, String table) {
        return fromResponse(JsonFields.parse(CONTEXT, json), table);
    }

    public ServiceNowRecord fromResponse(JsonNode body, String table) {
        rejectErrorBody(body);
        JsonNode result = body.has("result") ? body.get("result") : body;
        if (result == null || result.isArray()) {
            throw new MalformedPayloadException(CONTEXT + ": 'result' is a list; map it with fromList");
        }
        return fromRecord(result, table, "result.");
    }

    /** A Table API list response ({@code {"result": [...]}}). */
    public List<ServiceNowRecord> fromList(String json, String table) {
        return fromList(JsonFields.parse(CONTEXT, json), table);
    }

    public List<ServiceNowRecord> fromList(JsonNode body, String table) {
        rejectErrorBody(body);
        JsonNode result = JsonFields.requireArray(CONTEXT, body, "result");
        List<ServiceNowRecord> records = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            records.add(fromRecord(result.get(i), table, "result[" + i + "]."));
        }
        return records;
    }

    public ServiceNowRecord fromRecord(JsonNode record, String table) {
        return fromRecord(record, table, "");
    }

    public WorkItem toWorkItem(JsonNode record, String table) {
        return fromRecord(record, table).workItem();
    }

    private ServiceNowRecord fromRecord(JsonNode record, String table, String prefix) {
        if (record == null || !record.isObject()) {
            throw new MalformedPayloadException(CONTEXT + ": " + (prefix.isEmpty() ? "record" : prefix) + " is not an object");
        }
        rejectErrorBody(record);
        String context = prefix.isEmpty() ? CONTEXT : CONTEXT + " " + prefix.substring(0, prefix.length() - 1);
        ServiceNowFields fields = new ServiceNowFields(context, record);
        MappingSet set = mappings.current();
        ServiceNowMapping mapping = set.serviceNow();
        String tableName = table != null ? table : fields.required("sys_class_name");
        ServiceNowMapping.Table tableMapping = mapping.table(tableName);
        String sysId = fields.required("sys_id");
        String number = fields.required("number");
        String state = fields.required("state");
        Instant updated = fields.date("sys_updated_on");
        if (updated == null) {
            throw MalformedPayloadException.missingField(context, "sys_updated_on");
        }
        CanonicalStatus status = tableMapping.states().get(state);
        String priority = fields.value("priority");
        Severity severity = priority == null ? null : mapping.severityForPriority(priority);
        Optional<ServiceNowMapping.RoutingRule> route = mapping.route(name -> name.equals("table") ? tableName : fields.value(name));
        Instant opened = Optional.ofNullable(fields.date("opened_at")).orElse(fields.date("sys_created_on"));
        Instant resolved = null;
        if (status.isDone()) {
            resolved = Optional.ofNullable(fields.date("resolved_at")).orElse(fields.date("closed_at"));
        }
        SourceRef source = new SourceRef(SourceSystem.SERVICENOW, tableName, sysId, number, null,
                fields.number("sys_mod_count", 0), updated);
        WorkItem item = new WorkItem(SourceSystem.SERVICENOW.code() + ":" + tableName + ":" + sysId, tableMapping.kind(),
                source, fields.value("short_description"), fields.value("description"), status, state, severity, priority,
                tableMapping.flowType(), fields.value("assigned_to"), fields.value("assignment_group"),
                route.map(ServiceNowMapping.RoutingRule::team).orElse(null), null, null, Set.of(), opened, updated,
                resolved, null, null);
        Deployment deployment = null;
        if (tableName.equals("change_request") && mapping.changeDeployments().closedStates().contains(state)) {
            deployment = deployment(set, fields, source);
        }
        return new ServiceNowRecord(tableName, item, route.map(ServiceNowMapping.RoutingRule::story).orElse(null),
                route.map(ServiceNowMapping.RoutingRule::name).orElse(null), deployment);
    }

    /**
     * A closed change as a deployment. It finished when implementation ended (work_end) if recorded, else when the
     * change was closed: closing can trail the deployment by the whole review.
     */
    private static Deployment deployment(MappingSet set, ServiceNowFields fields, SourceRef source) {
        ServiceNowMapping.ChangeDeployments rule = set.serviceNow().changeDeployments();
        DeploymentMapping deployments = set.deployments();
        String service = rule.serviceFields().stream().map(fields::value).filter(value -> value != null).findFirst()
                .orElse(null);
        String closeCode = fields.value("close_code");
        DeploymentStatus status = rule.closeCodes().get(closeCode == null ? "" : closeCode);
        Instant started = Optional.ofNullable(fields.date("work_start")).orElse(fields.date("start_date"));
        Instant finished = Optional.ofNullable(fields.date("work_end")).orElse(fields.date("closed_at"));
        String number = source.key();
        Set<String> keys = deployments.issueKeysIn(List.of(number, nullToEmpty(fields.value("short_description")),
                nullToEmpty(fields.value("description")), nullToEmpty(fields.value("close_notes"))));
        return new Deployment(SourceSystem.SERVICENOW.code() + ":deployment:" + source.nativeId(), source, service,
                rule.environment(), deployments.environmentType(rule.environment()), status, started, finished, number,
                List.of(), keys);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** {@code {"error": {"message", "detail"}, "status": "failure"}} arrives where records are expected. */
    private static void rejectErrorBody(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new MalformedPayloadException(CONTEXT + ": empty body");
        }
        JsonNode error = body.get("error");
        if (error != null && (error.isObject() || "failure".equals(JsonFields.text(body, "status")))) {
            String message = JsonFields.text(error, "message");
            String detail = JsonFields.text(error, "detail");
            throw new MalformedPayloadException(CONTEXT + ": payload is a ServiceNow error response: "
                    + (message == null ? "(no message)" : message) + (detail == null ? "" : " (" + detail + ")"));
        }
    }
}
