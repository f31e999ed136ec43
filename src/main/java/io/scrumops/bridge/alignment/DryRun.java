package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.jira.JiraRestReader;
import io.scrumops.bridge.adapter.jira.JiraSourceFields;
import io.scrumops.bridge.adapter.servicenow.ServiceNowActivity;
import io.scrumops.bridge.adapter.servicenow.ServiceNowLookup;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecordMapper;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.FieldSync;
import io.scrumops.bridge.store.FieldSyncRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bridge would write to each side of a pair with the mappings in force, without writing it: given a Jira
 * issue and a ServiceNow record (by id, read from the systems, or pasted as REST payloads), every aligned field is
 * read on both sides; where they differ, the side that wins (the field's owner; else the side that changed since the
 * last agreed value; else the newer record) is carried to the other, through the same commands alignment enqueues.
 */
@Component
public class DryRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlignmentService alignment;
    private final JiraIssueMapper jiraMapper;
    private final ServiceNowRecordMapper serviceNowMapper;
    private final JiraRestReader jiraReader;
    private final ServiceNowLookup serviceNowLookup;
    private final SyncLinkRepository links;
    private final FieldSyncRepository fieldSyncs;
    private final AlignmentSettings settings;

    public DryRun(AlignmentService alignment, JiraIssueMapper jiraMapper, ServiceNowRecordMapper serviceNowMapper,
                  JiraRestReader jiraReader, ServiceNowLookup serviceNowLookup, SyncLinkRepository links,
                  FieldSyncRepository fieldSyncs, AlignmentSettings settings) {
        this.alignment = alignment;
        this.jiraMapper = jiraMapper;
        this.serviceNowMapper = serviceNowMapper;
        this.jiraReader = jiraReader;
        this.serviceNowLookup = serviceNowLookup;
        this.links = links;
        this.fieldSyncs = fieldSyncs;
        this.settings = settings;
    }

    /**
     * @param jiraIssue  the issue as REST returns it, or null to read {@code issueKey}
     * @param record     the record as the Table API returns it ({@code {"result": {...}}} or bare), or null to read
     *                   {@code table}/{@code sysId}
     */
    public Map<String, Object> run(JsonNode jiraIssue, String issueKey, JsonNode record, String table, String sysId) {
        String serviceNowTable = table == null || table.isBlank() ? settings.serviceNowTable() : table;
        JsonNode issue = jiraIssue != null && !jiraIssue.isNull() ? jiraIssue : jiraReader.issue(require(issueKey, "issueKey"))
                .orElseThrow(() -> new IllegalArgumentException("Jira has no issue " + issueKey));
        JsonNode snBody = record != null && !record.isNull() ? record : JsonFields.parse("servicenow record",
                serviceNowLookup.record(serviceNowTable, require(sysId, "sysId"))
                        .orElseThrow(() -> new IllegalArgumentException("ServiceNow has no " + serviceNowTable + " " + sysId)));
        JsonNode snRecord = snBody.has("result") ? snBody.get("result") : snBody;

        WorkItem jiraItem = jiraMapper.toWorkItem(issue);
        WorkItem snItem = serviceNowMapper.fromRecord(snRecord, serviceNowTable).workItem();
        Map<String, String> jiraFields = JiraSourceFields.of(issue);
        Map<String, String> snFields = new LinkedHashMap<>(ServiceNowActivity.fromResponse(snRecord.toString(), snItem.id()).sourceFields());

        Optional<SyncLink> snLink = links.findByNative(SourceSystem.SERVICENOW, snItem.source().nativeId());
        Optional<SyncLink> jiraLink = links.findByNative(SourceSystem.JIRA, jiraItem.source().nativeId());
        String pairId = snLink.map(SyncLink::workItemId).or(() -> jiraLink.map(SyncLink::workItemId)).orElse(snItem.id());
        Pair pair = new Pair(pairId,
                snLink.orElse(SyncLink.of(pairId, SourceSystem.SERVICENOW, snItem.source().nativeId(), snItem.source().key(), null)),
                jiraLink.orElse(SyncLink.of(pairId, SourceSystem.JIRA, jiraItem.source().nativeId(), jiraItem.source().key(), null)));

        List<Map<String, Object>> fields = new ArrayList<>();
        List<Map<String, Object>> notCarried = new ArrayList<>();
        WriteBatch toJira = new WriteBatch();
        WriteBatch toServiceNow = new WriteBatch();
        for (FieldRule rule : alignment.rules(serviceNowTable)) {
            boolean inJira = rule.present(SourceSystem.JIRA, jiraFields);
            boolean inServiceNow = rule.present(SourceSystem.SERVICENOW, snFields);
            if (!inJira || !inServiceNow) {
                continue;
            }
            String jiraValue = rule.canonical(SourceSystem.JIRA, jiraItem, jiraFields);
            String snValue = rule.canonical(SourceSystem.SERVICENOW, snItem, snFields);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("field", rule.key());
            row.put("jira", jiraValue);
            row.put("servicenow", snValue);
            boolean emptySide = (jiraValue == null || snValue == null) && rule.emptyIsNoChange();
            if (Fingerprints.of(jiraValue).equals(Fingerprints.of(rule.reported(SourceSystem.JIRA, snValue)))
                    || Fingerprints.of(snValue).equals(Fingerprints.of(rule.reported(SourceSystem.SERVICENOW, jiraValue)))
                    || emptySide) {
                row.put("outcome", "aligned");
                fields.add(row);
                continue;
            }
            SourceSystem winner = winner(rule, pairId, jiraValue, snValue, jiraItem.updatedAt(), snItem.updatedAt());
            SourceSystem target = Pair.other(winner);
            String value = winner == SourceSystem.JIRA ? jiraValue : snValue;
            String[] refused = new String[1];
            Optional<WriteCommand> command = rule.command(target, value, pair, reason -> refused[0] = reason);
            row.put("winner", winner.code());
            if (command.isPresent()) {
                (target == SourceSystem.JIRA ? toJira : toServiceNow).add(rule.key(), command.get());
                row.put("outcome", "write to " + target.code());
            } else {
                row.put("outcome", "not carried");
                Map<String, Object> refusal = new LinkedHashMap<>();
                refusal.put("field", rule.key());
                refusal.put("to", target.code());
                refusal.put("value", value);
                refusal.put("reason", refused[0] == null ? "the field is not carried in this direction" : refused[0]);
                notCarried.add(refusal);
            }
            fields.add(row);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pair", snLink.isPresent() || jiraLink.isPresent() ? pairId : null);
        answer.put("issue", jiraItem.source().key());
        answer.put("record", snItem.source().key());
        answer.put("table", serviceNowTable);
        answer.put("toJira", describe(toJira));
        answer.put("toServiceNow", describe(toServiceNow));
        answer.put("notCarried", notCarried);
        answer.put("fields", fields);
        return answer;
    }

    private SourceSystem winner(FieldRule rule, String pairId, String jiraValue, String snValue, Instant jiraAt, Instant snAt) {
        if (rule.policy().owner() != null) {
            return rule.policy().owner();
        }
        Optional<FieldSync> agreed = fieldSyncs.find(pairId, rule.key());
        if (agreed.isPresent()) {
            String hash = agreed.get().valueHash();
            if (Fingerprints.of(jiraValue).equals(hash)) {
                return SourceSystem.SERVICENOW;
            }
            if (Fingerprints.of(snValue).equals(hash)) {
                return SourceSystem.JIRA;
            }
        }
        if (jiraAt != null && snAt != null && !jiraAt.equals(snAt)) {
            return jiraAt.isAfter(snAt) ? SourceSystem.JIRA : SourceSystem.SERVICENOW;
        }
        SourceSystem conflict = rule.policy().conflict();
        return conflict == null ? SourceSystem.SERVICENOW : conflict;
    }

    private static List<Map<String, Object>> describe(WriteBatch batch) {
        List<Map<String, Object>> writes = new ArrayList<>();
        for (WriteBatch.Write write : batch.merged()) {
            Map<String, Object> described = new LinkedHashMap<>();
            WriteCommand command = write.command();
            described.put("type", command.type());
            if (command instanceof JiraUpdateFields update) {
                described.put("request", "PUT /rest/api/2/issue/" + update.issueKey());
                described.put("fields", update.fields());
            } else if (command instanceof JiraTransition transition) {
                described.put("request", "POST /rest/api/2/issue/" + transition.issueKey() + "/transitions");
                described.put("status", transition.targetStatus().name());
                described.put("fields", transition.fields());
            } else if (command instanceof ServiceNowUpdate update) {
                described.put("request", "PATCH /api/now/table/" + update.table() + "/" + update.sysId());
                described.put("fields", update.fields());
            } else {
                described.put("command", JSON.valueToTree(command));
            }
            described.put("because", write.idempotencyKey());
            writes.add(described);
        }
        return writes;
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("give the payload or " + name);
        }
        return value;
    }
}
