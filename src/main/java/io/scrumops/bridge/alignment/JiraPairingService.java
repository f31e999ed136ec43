package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.jira.JiraSourceFields;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowQueryValues;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.event.WorkItemChanged;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.CommentRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.writeback.JiraRemoteLink;
import io.scrumops.bridge.writeback.ServiceNowCreateRecord;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives a Jira issue that matches a {@code jiraPairing} rule its one ServiceNow incident, and links an incident to
 * such an issue when the incident names it in {@code correlation_id}. The issue's link is stored at once, so a second
 * record of the issue finds the pair; the incident's side is linked when the create has been applied (the writer
 * takes an incident already carrying the key instead of creating one) or when the incident shows up first.
 */
@Component
class JiraPairingService {

    /** Label prefix of the work packages the bridge creates for incidents: such an issue already has its incident. */
    static final String INCIDENT_LABEL_PREFIX = "scrumops-servicenow-";

    private final SyncLinkRepository links;
    private final WriteCommandQueue queue;
    private final AuditLogRepository audit;
    private final CommentRepository comments;
    private final AlignmentService alignment;
    private final FieldWrites writes;
    private final AlignmentSettings settings;
    private final JiraProperties jira;
    private final ServiceNowProperties serviceNow;
    private final Clock clock;

    JiraPairingService(SyncLinkRepository links, WriteCommandQueue queue, AuditLogRepository audit,
                       CommentRepository comments, AlignmentService alignment, FieldWrites writes,
                       AlignmentSettings settings, JiraProperties jira, ServiceNowProperties serviceNow,
                       Clock clock) {
        this.links = links;
        this.queue = queue;
        this.audit = audit;
        this.comments = comments;
        this.alignment = alignment;
        this.writes = writes;
        this.settings = settings;
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.clock = clock;
    }

    /** An issue with no link yet: paired when a rule matches it and it is not itself the copy of an incident. */
    void consider(WorkItemChanged change) {
        WorkItem issue = change.item();
        if (issue.labels().stream().anyMatch(label -> label.startsWith(INCIDENT_LABEL_PREFIX))) {
            return;
        }
        Optional<JiraPairingRule> rule = settings.jiraPairingRule(change.sourceField(JiraSourceFields.PROJECT),
                change.sourceField(JiraSourceFields.ISSUE_TYPE), issue.labels());
        if (rule.isEmpty()) {
            return;
        }
        String pairId = issue.id();
        String key = issue.source().key();
        Map<String, String> prints = alignment.agree(pairId, change);
        links.save(new SyncLink(pairId, SourceSystem.JIRA, change.nativeId(), key, browseUrl(key),
                issue.source().version(), clock.instant(), prints));
        String named = namedIncident(pairId, key, settings.jiraIncidentField().map(change::sourceField).orElse(null));
        queue.enqueue("pair:" + pairId + ":create-incident", new ServiceNowCreateRecord(pairId,
                settings.serviceNowTable(), key, named, incidentFields(rule.get(), issue, change)));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("issue", key);
        detail.put("rule", rule.get().name());
        detail.put("issueType", change.sourceField(JiraSourceFields.ISSUE_TYPE));
        detail.put("namedIncident", named);
        audit.record("bridge", "alignment.pairing", pairId, detail);
    }

    /**
     * The incident number the issue names, if it is one. The field is free text any Jira editor can set, and the
     * writer looks the number up in an encoded query, where {@code INC0000001^ORnumberISNOTEMPTY} would match an
     * unrelated incident: anything but a record number is refused (an audit row says so) and the issue is paired as if
     * it named none.
     */
    private String namedIncident(String pairId, String key, String named) {
        if (named == null || named.isBlank()) {
            return null;
        }
        String number = named.strip();
        if (ServiceNowQueryValues.isRecordNumber(number)) {
            return number;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("issue", key);
        detail.put("field", settings.jiraIncidentField().orElse(null));
        detail.put("value", named.length() <= 200 ? named : named.substring(0, 200));
        detail.put("reason", "not a ServiceNow record number");
        audit.record("bridge", "alignment.incident-number-refused", pairId, detail);
        return null;
    }

    /**
     * An incident with no link yet whose correlation_id is the key of an issue the bridge knows. It is linked to that
     * issue's pair when the pair still waits for its incident; otherwise it is not paired again (an audit row says
     * why), and never routed to a new work package.
     *
     * @return true when the correlation_id named a known issue, whatever became of it
     */
    boolean linkByCorrelation(WorkItemChanged change) {
        String key = change.sourceField("correlation_id");
        if (key == null || change.item().kind() != WorkItemKind.INCIDENT) {
            return false;
        }
        Optional<SyncLink> issueLink = links.findByNativeKey(SourceSystem.JIRA, key);
        if (issueLink.isEmpty()) {
            return false;
        }
        Pair pair = alignment.pair(issueLink.get().workItemId()).orElse(null);
        WorkItem incident = change.item();
        if (pair == null || pair.serviceNow() != null) {
            if (alreadyRefused(incident.id(), key)) {
                return true;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("incident", incident.source().key());
            detail.put("correlation_id", key);
            detail.put("pairedWith", pair == null || pair.serviceNow() == null ? null : pair.serviceNow().nativeKey());
            audit.record("bridge", "alignment.not-paired", incident.id(), detail);
            return true;
        }
        Map<String, String> prints = new HashMap<>();
        for (AlignedField field : AlignedField.values()) {
            prints.put(field.key(), Fingerprints.of(writes.canonical(field, SourceSystem.SERVICENOW, incident,
                    change.sourceFields())));
        }
        SyncLink serviceNow = new SyncLink(pair.id(), SourceSystem.SERVICENOW, incident.source().nativeId(),
                incident.source().key(), incidentUrl(incident.source().nativeId()), incident.source().version(),
                clock.instant(), prints);
        incidentLinked(new Pair(pair.id(), serviceNow, pair.jira()), true);
        return true;
    }

    /** Stores the incident's link, then gives Jira its remote link and the incident what changed meanwhile. */
    void incidentLinked(Pair pair, boolean foundExisting) {
        links.save(pair.serviceNow());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("issue", pair.jira().nativeKey());
        detail.put("incident", pair.serviceNow().nativeKey());
        detail.put("foundExisting", foundExisting);
        audit.record("bridge", "alignment.paired", pair.id(), detail);
        SyncLink incident = pair.serviceNow();
        queue.enqueue("pair:" + pair.id() + ":remote-link", new JiraRemoteLink(pair.id(), pair.jira().nativeKey(),
                "servicenow:" + settings.serviceNowTable() + ":" + incident.nativeId(), incident.url(),
                "ServiceNow " + incident.nativeKey()));
        alignment.pushAgreed(pair, SourceSystem.SERVICENOW, comments.findByWorkItem(pair.id()));
    }

    String incidentUrl(String sysId) {
        String base = serviceNow.instanceUrl() == null ? "" : serviceNow.instanceUrl().replaceAll("/+$", "");
        return base + "/nav_to.do?uri=" + settings.serviceNowTable() + ".do?sys_id=" + sysId;
    }

    private Map<String, String> incidentFields(JiraPairingRule rule, WorkItem issue, WorkItemChanged change) {
        Map<String, String> fields = new LinkedHashMap<>(rule.incidentFields());
        String key = issue.source().key();
        fields.put("short_description", issue.title() == null ? key : issue.title());
        fields.put("description", "Jira " + Optional.ofNullable(change.sourceField(JiraSourceFields.ISSUE_TYPE))
                .orElse("issue") + " " + key + ": " + browseUrl(key)
                + (issue.description() == null ? "" : "\n\n" + issue.description()));
        fields.putAll(settings.serviceNowSeverity(issue.severity()));
        settings.serviceNowUser(issue.assignee()).ifPresent(user -> fields.put("assigned_to", user));
        settings.team(SourceSystem.JIRA, issue.team()).flatMap(team -> settings.teamValue(SourceSystem.SERVICENOW, team))
                .ifPresent(group -> fields.put("assignment_group", group));
        fields.put("correlation_display", "Jira " + key);
        return fields;
    }

    private String browseUrl(String key) {
        return (jira.baseUrl() == null ? "" : jira.baseUrl().replaceAll("/+$", "")) + "/browse/" + key;
    }

    /** What the incident holds right after the bridge created it with {@code fields}. */
    Map<String, String> createdPrints(Map<String, String> fields) {
        Map<String, String> prints = new HashMap<>();
        prints.put(AlignedField.STATUS.key(), Fingerprints.of("NEW"));
        prints.put(AlignedField.SUMMARY.key(), Fingerprints.of(fields.get("short_description")));
        prints.put(AlignedField.SEVERITY.key(), Fingerprints.of(settings.severityOf(fields.get("impact"),
                fields.get("urgency")).map(Enum::name).orElse(null)));
        String assignee = fields.get("assigned_to");
        prints.put(AlignedField.ASSIGNEE.key(), Fingerprints.of(assignee == null ? null
                : settings.jiraAccount(assignee).orElse(assignee)));
        String group = fields.get("assignment_group");
        prints.put(AlignedField.ASSIGNMENT_GROUP.key(), Fingerprints.of(group == null ? null
                : settings.team(SourceSystem.SERVICENOW, group).orElse(FieldWrites.UNMAPPED + "servicenow:" + group)));
        prints.put(AlignedField.RESOLUTION.key(), Fingerprints.of(null));
        return prints;
    }

    /** Every update of such an incident comes this way; the refusal is recorded once, not once per update. */
    private boolean alreadyRefused(String incidentId, String key) {
        return audit.findByEntity(incidentId).stream().anyMatch(entry -> "alignment.not-paired".equals(entry.action())
                && key.equals(entry.detail().path("correlation_id").asText()));
    }
}
