package io.scrumops.bridge.alignment;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.CommentCarryRepository;
import io.scrumops.bridge.store.CommentRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.JiraCreateIssue;
import io.scrumops.bridge.writeback.JiraRemoteLink;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.ServiceNowCreateRecord;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import io.scrumops.bridge.writeback.WriteResult;
import io.scrumops.bridge.writeback.WriteResultListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records what a write did for a pair: the work package's link and fingerprints once created (then the links both
 * ways and whatever changed meanwhile), the status a transition really reached, and the id of each carried comment.
 */
@Component
class PairBookkeeping implements WriteResultListener {

    private final AlignmentService alignment;
    private final JiraPairingService jiraPairing;
    private final SyncLinkRepository links;
    private final CommentRepository comments;
    private final CommentCarryRepository carries;
    private final WriteCommandQueue queue;
    private final AuditLogRepository audit;
    private final AlignmentSettings settings;
    private final MappingRegistry mappings;
    private final Clock clock;

    PairBookkeeping(AlignmentService alignment, JiraPairingService jiraPairing, SyncLinkRepository links, CommentRepository comments,
                    CommentCarryRepository carries, WriteCommandQueue queue, AuditLogRepository audit,
                    AlignmentSettings settings, MappingRegistry mappings, Clock clock) {
        this.alignment = alignment;
        this.jiraPairing = jiraPairing;
        this.links = links;
        this.comments = comments;
        this.carries = carries;
        this.queue = queue;
        this.audit = audit;
        this.settings = settings;
        this.mappings = mappings;
        this.clock = clock;
    }

    @Override
    public void applied(WriteCommand command, WriteResult result) {
        if (command instanceof JiraCreateIssue create) {
            workPackageCreated(create, result);
        } else if (command instanceof JiraTransition transition) {
            transitioned(transition, result);
        } else if (command instanceof ServiceNowCreateRecord create) {
            incidentCreated(create, result);
        } else if (command instanceof JiraComment comment && comment.originId() != null && result.remoteId() != null) {
            carries.recordCopy(comment.originId(), result.remoteId());
        }
    }

    private void workPackageCreated(JiraCreateIssue create, WriteResult result) {
        if (result.remoteId() == null) {
            return;
        }
        Pair pending = alignment.pair(create.workItemId()).orElse(null);
        if (pending == null) {
            linkUnpairedIssue(create, result);
            return;
        }
        if (pending.jira() != null) {
            return;
        }
        String pairId = pending.id();
        Map<String, String> prints = new LinkedHashMap<>();
        prints.put(AlignedField.STATUS.key(), Fingerprints.of(CanonicalStatus.NEW.name()));
        prints.put(AlignedField.SEVERITY.key(), Fingerprints.of(create.priority() == null ? null
                : mappings.current().jira().priorities().find(create.priority()).map(Enum::name).orElse(null)));
        prints.put(AlignedField.SUMMARY.key(), Fingerprints.of(create.summary()));
        prints.put(AlignedField.ASSIGNEE.key(), Fingerprints.of(null));
        prints.put(AlignedField.RESOLUTION.key(), Fingerprints.of(null));
        String teamField = mappings.current().jira().fields().team();
        prints.put(AlignedField.ASSIGNMENT_GROUP.key(), Fingerprints.of(teamField == null ? null
                : teamOf(create.extraFields().get(teamField))));
        prints.putAll(alignment.createdDescription(pending.id(), SourceSystem.JIRA, create.description(),
                SourceSystem.SERVICENOW, clock.instant()));
        SyncLink jira = new SyncLink(pairId, SourceSystem.JIRA, result.remoteId(), result.remoteKey(), result.url(),
                null, clock.instant(), prints);
        links.save(jira);
        Pair pair = new Pair(pairId, pending.serviceNow(), jira);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("incident", pending.serviceNow().nativeKey());
        detail.put("issue", result.remoteKey());
        detail.put("foundExisting", result.reused());
        audit.record("bridge", "alignment.paired", pairId, detail);

        String key = result.remoteKey();
        SyncLink incident = pending.serviceNow();
        String table = pending.serviceNowTable(settings.serviceNowTable());
        queue.enqueue("pair:" + pairId + ":remote-link", new JiraRemoteLink(pairId, key,
                "servicenow:" + table + ":" + incident.nativeId(), incident.url(),
                "ServiceNow " + incident.nativeKey()));
        queue.enqueue("pair:" + pairId + ":correlation", new ServiceNowUpdate(pairId, table,
                incident.nativeId(), Map.of("correlation_id", key, "correlation_display", "Jira " + key)));
        String note = "Tracked in Jira as " + key + ": " + result.url();
        carries.claim("bridge:pair-note:" + pairId, pairId, SourceSystem.SERVICENOW, Fingerprints.of(note));
        queue.enqueue("pair:" + pairId + ":work-note", new ServiceNowJournalEntry(pairId, table,
                incident.nativeId(), note, null, CommentVisibility.INTERNAL, null));
        alignment.pushAgreed(pair, SourceSystem.JIRA, comments.findByWorkItem(pairId));
    }

    private String teamOf(Object written) {
        Object value = written instanceof Map<?, ?> option ? option.get("value") : written;
        return value == null ? null : settings.team(SourceSystem.JIRA, value.toString()).orElse(null);
    }

    /** The incident for a Jira issue was created, or found already carrying the issue key. */
    private void incidentCreated(ServiceNowCreateRecord create, WriteResult result) {
        Pair pending = alignment.pair(create.workItemId()).orElse(null);
        if (pending == null || pending.serviceNow() != null || pending.jira() == null) {
            return; // linked meanwhile, when the incident itself arrived first
        }
        Optional<SyncLink> taken = links.findByNative(SourceSystem.SERVICENOW, result.remoteId());
        if (taken.isPresent()) {
            audit.record("bridge", "alignment.not-paired", create.workItemId(), Map.of("incident",
                    String.valueOf(result.remoteKey()), "pairedWith", taken.get().workItemId()));
            return;
        }
        Map<String, String> prints = new LinkedHashMap<>(jiraPairing.createdPrints(create.fields()));
        prints.putAll(alignment.createdDescription(pending.id(), SourceSystem.SERVICENOW, create.fields().get("description"),
                SourceSystem.JIRA, clock.instant()));
        SyncLink incident = new SyncLink(pending.id(), SourceSystem.SERVICENOW, result.remoteId(), result.remoteKey(),
                jiraPairing.incidentUrl(result.remoteId()), null, clock.instant(), prints);
        jiraPairing.incidentLinked(new Pair(pending.id(), incident, pending.jira()), result.reused());
    }

    /**
     * An issue created for a bridge work package that has no incident (an escalated package, say) is linked too:
     * its later updates in Jira are recognised as that package's only through this link.
     */
    private void linkUnpairedIssue(JiraCreateIssue create, WriteResult result) {
        if (links.findByWorkItem(create.workItemId(), SourceSystem.JIRA).isPresent()) {
            return;
        }
        links.save(SyncLink.of(create.workItemId(), SourceSystem.JIRA, result.remoteId(), result.remoteKey(),
                result.url()));
        audit.record("bridge", "writeback.issue-linked", create.workItemId(),
                Map.of("issue", String.valueOf(result.remoteKey())));
    }

    private void transitioned(JiraTransition transition, WriteResult result) {
        if (result.reachedStatus() == null) {
            return;
        }
        CanonicalStatus reached;
        try {
            reached = mappings.current().jira().status(result.reachedStatus(), null);
        } catch (UnknownMappingValueException e) {
            return;
        }
        if (reached == transition.targetStatus()) {
            return;
        }
        links.findByWorkItem(transition.workItemId(), SourceSystem.JIRA).ifPresent(link -> links.recordSync(
                SourceSystem.JIRA, link.nativeId(), link.lastSyncedVersion(),
                Map.of(AlignedField.STATUS.key(), Fingerprints.of(reached.name())), clock.instant()));
    }
}
