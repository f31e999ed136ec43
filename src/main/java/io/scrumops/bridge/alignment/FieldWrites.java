package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per aligned field: its canonical value on either side, the value a side will report after the bridge wrote one
 * (a state code maps back to a coarser status, a priority to a severity), and the write command that sets it.
 */
@Component
class FieldWrites {

    private static final String UNMAPPED_SERVICENOW_USER = "servicenow-user:";

    private final AlignmentSettings settings;
    private final MappingRegistry mappings;
    private final JiraProperties jira;

    FieldWrites(AlignmentSettings settings, MappingRegistry mappings, JiraProperties jira) {
        this.settings = settings;
        this.mappings = mappings;
        this.jira = jira;
    }

    String canonical(AlignedField field, SourceSystem side, WorkItem item) {
        return switch (field) {
            case STATUS -> item.status() == null ? null : item.status().name();
            case SEVERITY -> item.severity() == null ? null : item.severity().name();
            case SUMMARY -> item.title();
            case ASSIGNEE -> {
                String assignee = item.assignee();
                if (assignee == null || side == SourceSystem.JIRA) {
                    yield assignee;
                }
                yield settings.jiraAccount(assignee).orElse(UNMAPPED_SERVICENOW_USER + assignee);
            }
        };
    }

    /** What {@code target} will show once the bridge wrote {@code value} there. */
    String reported(AlignedField field, SourceSystem target, String value) {
        if (value == null) {
            return null;
        }
        if (field == AlignedField.STATUS && target == SourceSystem.SERVICENOW) {
            return settings.serviceNowState(CanonicalStatus.valueOf(value))
                    .flatMap(code -> mappings.current().serviceNow().table(settings.serviceNowTable()).states().find(code))
                    .map(Enum::name).orElse(value);
        }
        if (field == AlignedField.SEVERITY && target == SourceSystem.JIRA) {
            return settings.jiraPriority(Severity.valueOf(value))
                    .flatMap(name -> mappings.current().jira().priorities().find(name))
                    .map(Enum::name).orElse(value);
        }
        return value;
    }

    /** The command that sets {@code value} on {@code target}; empty when that side cannot take it (unmapped person). */
    Optional<WriteCommand> command(AlignedField field, SourceSystem target, String value, Pair pair) {
        return target == SourceSystem.JIRA ? jiraCommand(field, value, pair) : serviceNowCommand(field, value, pair);
    }

    private Optional<WriteCommand> jiraCommand(AlignedField field, String value, Pair pair) {
        String key = pair.jira().nativeKey();
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (field) {
            case STATUS -> {
                if (value == null) {
                    return Optional.empty();
                }
                CanonicalStatus status = CanonicalStatus.valueOf(value);
                Map<String, Object> required = status.isDone()
                        ? Map.of("resolution", Map.of("name", settings.jiraResolution())) : Map.of();
                return Optional.of(new JiraTransition(pair.id(), key, status, required));
            }
            case SEVERITY -> {
                Optional<String> priority = value == null ? Optional.empty() : settings.jiraPriority(Severity.valueOf(value));
                if (priority.isEmpty()) {
                    return Optional.empty();
                }
                fields.put("priority", Map.of("name", priority.get()));
            }
            case SUMMARY -> fields.put("summary", value == null ? "" : value);
            case ASSIGNEE -> {
                if (value != null && value.startsWith(UNMAPPED_SERVICENOW_USER)) {
                    return Optional.empty();
                }
                Map<String, Object> user = new HashMap<>();
                user.put(jira.isCloud() ? "accountId" : "name", value);
                fields.put("assignee", user);
            }
        }
        return Optional.of(new JiraUpdateFields(pair.id(), key, fields));
    }

    private Optional<WriteCommand> serviceNowCommand(AlignedField field, String value, Pair pair) {
        Map<String, String> fields = new LinkedHashMap<>();
        switch (field) {
            case STATUS -> {
                if (value == null) {
                    return Optional.empty();
                }
                CanonicalStatus status = CanonicalStatus.valueOf(value);
                Optional<String> state = settings.serviceNowState(status);
                if (state.isEmpty()) {
                    return Optional.empty();
                }
                fields.put("state", state.get());
                var closeCodes = mappings.current().serviceNow().closeCodes();
                if (status == CanonicalStatus.ON_HOLD && settings.onHoldReason() != null) {
                    fields.put("hold_reason", settings.onHoldReason());
                } else if (status == CanonicalStatus.RESOLVED || status == CanonicalStatus.DONE) {
                    fields.put("close_code", closeCodes.resolved());
                    fields.put("close_notes", settings.closeNotes(pair.jira().nativeKey()));
                } else if (status == CanonicalStatus.CANCELLED || status == CanonicalStatus.REJECTED) {
                    fields.put("close_code", closeCodes.cancelled());
                    fields.put("close_notes", settings.closeNotes(pair.jira().nativeKey()));
                }
            }
            case SEVERITY -> {
                Map<String, String> severity = value == null ? Map.of() : settings.serviceNowSeverity(Severity.valueOf(value));
                if (severity.isEmpty()) {
                    return Optional.empty();
                }
                fields.putAll(severity);
            }
            case SUMMARY -> fields.put("short_description", value == null ? "" : value);
            case ASSIGNEE -> {
                if (value == null) {
                    fields.put("assigned_to", "");
                } else if (value.startsWith(UNMAPPED_SERVICENOW_USER)) {
                    fields.put("assigned_to", value.substring(UNMAPPED_SERVICENOW_USER.length()));
                } else {
                    Optional<String> user = settings.serviceNowUser(value);
                    if (user.isEmpty()) {
                        return Optional.empty();
                    }
                    fields.put("assigned_to", user.get());
                }
            }
        }
        return Optional.of(new ServiceNowUpdate(pair.id(), settings.serviceNowTable(), pair.serviceNow().nativeId(), fields));
    }
}
