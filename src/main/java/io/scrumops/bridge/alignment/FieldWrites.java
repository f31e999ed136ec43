package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.FieldSync;
import io.scrumops.bridge.store.FieldSyncRepository;
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
 * (a state code maps back to a coarser status, a priority to a severity), and the write command that sets it. A value
 * the mapping file has no name for is kept as {@code unmapped:<system>:<value>}: it counts as a change, but no side
 * can be given it.
 */
@Component
class FieldWrites {

    private static final String UNMAPPED_SERVICENOW_USER = "servicenow-user:";
    /** Prefix of a value one side holds that the mapping file has no canonical name for; it is not carried. */
    static final String UNMAPPED = "unmapped:";

    private final AlignmentSettings settings;
    private final MappingRegistry mappings;
    private final JiraProperties jira;
    private final FieldSyncRepository fieldSyncs;

    FieldWrites(AlignmentSettings settings, MappingRegistry mappings, JiraProperties jira, FieldSyncRepository fieldSyncs) {
        this.settings = settings;
        this.mappings = mappings;
        this.jira = jira;
        this.fieldSyncs = fieldSyncs;
    }

    /**
     * @param sourceFields the source values beside the item ({@link io.scrumops.bridge.model.event.WorkItemChanged#sourceFields()})
     */
    String canonical(AlignedField field, SourceSystem side, WorkItem item, Map<String, String> sourceFields) {
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
            case ASSIGNMENT_GROUP -> {
                String value = side == SourceSystem.JIRA ? item.team() : item.assignmentGroup();
                yield value == null || value.isBlank() ? null
                        : settings.team(side, value).orElse(UNMAPPED + side.code() + ":" + value);
            }
            case RESOLUTION -> {
                String value = sourceFields.get(side == SourceSystem.JIRA ? "resolution" : "close_code");
                yield value == null ? null : settings.resolution(side, value).orElse(UNMAPPED + side.code() + ":" + value);
            }
        };
    }

    /** What {@code target} will show once the bridge wrote {@code value} there. */
    String reported(AlignedField field, SourceSystem target, String value) {
        return reported(field, target, value, settings.serviceNowTable());
    }

    /** What {@code target} will show once the bridge wrote {@code value} there, a ServiceNow record being of {@code table}. */
    String reported(AlignedField field, SourceSystem target, String value, String table) {
        if (value == null) {
            return null;
        }
        if (field == AlignedField.STATUS && target == SourceSystem.SERVICENOW) {
            return settings.serviceNowState(table, CanonicalStatus.valueOf(value))
                    .flatMap(code -> mappings.current().serviceNow().table(table).states().find(code))
                    .map(Enum::name).orElse(value);
        }
        if (field == AlignedField.SEVERITY && target == SourceSystem.JIRA) {
            return settings.jiraPriority(Severity.valueOf(value))
                    .flatMap(name -> mappings.current().jira().priorities().find(name))
                    .map(Enum::name).orElse(value);
        }
        if (field == AlignedField.RESOLUTION) {
            return settings.resolutionValue(target, value).flatMap(code -> settings.resolution(target, code)).orElse(value);
        }
        if (field == AlignedField.ASSIGNMENT_GROUP) {
            return settings.teamValue(target, value).flatMap(code -> settings.team(target, code)).orElse(value);
        }
        return value;
    }

    /** The Jira resolution name a transition into a done status sets: the agreed resolution's, else the default. */
    private String jiraResolution(Pair pair) {
        return agreedResolution(pair).flatMap(r -> settings.resolutionValue(SourceSystem.JIRA, r))
                .orElse(settings.jiraResolution());
    }

    private Optional<String> agreedResolution(Pair pair) {
        return fieldSyncs.find(pair.id(), AlignedField.RESOLUTION.key()).map(FieldSync::value);
    }

    private String issueKey(Pair pair) {
        return pair.jira() == null ? null : pair.jira().nativeKey();
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
                        ? Map.of("resolution", Map.of("name", jiraResolution(pair))) : Map.of();
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
            case ASSIGNMENT_GROUP -> {
                String teamField = mappings.current().jira().fields().team();
                Optional<String> team = settings.teamValue(SourceSystem.JIRA, value);
                if (teamField == null || team.isEmpty()) {
                    return Optional.empty();
                }
                fields.put(teamField, settings.jiraTeamAsOption() ? Map.of("value", team.get()) : team.get());
            }
            case RESOLUTION -> {
                Optional<String> name = settings.resolutionValue(SourceSystem.JIRA, value);
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                fields.put("resolution", Map.of("name", name.get()));
            }
        }
        return Optional.of(new JiraUpdateFields(pair.id(), key, fields));
    }

    private Optional<WriteCommand> serviceNowCommand(AlignedField field, String value, Pair pair) {
        String table = pair.serviceNowTable(settings.serviceNowTable());
        Map<String, String> fields = new LinkedHashMap<>();
        switch (field) {
            case STATUS -> {
                if (value == null) {
                    return Optional.empty();
                }
                CanonicalStatus status = CanonicalStatus.valueOf(value);
                Optional<String> state = settings.serviceNowState(table, status);
                if (state.isEmpty()) {
                    return Optional.empty();
                }
                fields.put("state", state.get());
                var closeCodes = mappings.current().serviceNow().closeCodes();
                if (status == CanonicalStatus.ON_HOLD && settings.onHoldReason(table) != null) {
                    fields.put("hold_reason", settings.onHoldReason(table));
                } else if (status.isDone() || status == CanonicalStatus.REJECTED) {
                    String fallback = status == CanonicalStatus.RESOLVED || status == CanonicalStatus.DONE
                            ? closeCodes.resolved() : closeCodes.cancelled();
                    fields.put("close_code", agreedResolution(pair)
                            .flatMap(r -> settings.resolutionValue(SourceSystem.SERVICENOW, r)).orElse(fallback));
                    fields.put("close_notes", settings.closeNotes(issueKey(pair)));
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
            case ASSIGNMENT_GROUP -> {
                Optional<String> group = settings.teamValue(SourceSystem.SERVICENOW, value);
                if (group.isEmpty()) {
                    return Optional.empty();
                }
                fields.put("assignment_group", group.get());
            }
            case RESOLUTION -> {
                Optional<String> code = settings.resolutionValue(SourceSystem.SERVICENOW, value);
                if (code.isEmpty()) {
                    return Optional.empty();
                }
                fields.put("close_code", code.get());
                fields.put("close_notes", settings.closeNotes(issueKey(pair)));
            }
        }
        return Optional.of(new ServiceNowUpdate(pair.id(), table, pair.serviceNow().nativeId(), fields));
    }
}
