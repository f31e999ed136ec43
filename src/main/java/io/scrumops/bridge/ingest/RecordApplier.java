package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.deploy.DeploymentEventMapper;
import io.scrumops.bridge.adapter.jira.JiraIssueLinks;
import io.scrumops.bridge.adapter.scm.ScmEventMapper;
import io.scrumops.bridge.adapter.servicenow.ServiceNowIncidentCauses;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentFacts;
import io.scrumops.bridge.model.IncidentCause;
import io.scrumops.bridge.model.ScmEvent;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.DeploymentCommitRepository;
import io.scrumops.bridge.store.IncidentCauseRepository;
import io.scrumops.bridge.store.ScmChangeRepository;
import io.scrumops.bridge.adapter.jira.JiraEvent;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.jira.JiraSourceFields;
import io.scrumops.bridge.adapter.servicenow.ServiceNowActivity;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecord;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRecordMapper;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.event.CommentEvent;
import io.scrumops.bridge.model.event.WorkItemChanged;
import io.scrumops.bridge.gates.GateService;
import io.scrumops.bridge.gates.GateStateRepository;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.scrumops.WorkPackageUpdateHook;
import io.scrumops.bridge.store.CommentRepository;
import io.scrumops.bridge.store.DeploymentRepository;
import io.scrumops.bridge.store.StatusChangeRepository;
import io.scrumops.bridge.store.StoreBatch;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.UpsertOutcome;
import io.scrumops.bridge.store.WorkItemRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps one inbound record with the mapping files in force and writes what it says into the store. */
@Component
public class RecordApplier {

    static final String DELETED_LABEL = "deleted-in-source";

    private final JiraIssueMapper jira;
    private final ServiceNowRecordMapper serviceNow;
    private final DeploymentEventMapper deployments;
    private final WorkItemRepository workItems;
    private final StatusChangeRepository statusChanges;
    private final CommentRepository comments;
    private final DeploymentRepository deploymentStore;
    private final WorkPackageUpdateHook workPackageRules;
    private final ApplicationEventPublisher events;
    private final ScmEventMapper scm;
    private final ScmChangeRepository scmChanges;
    private final DeploymentCommitRepository deploymentCommits;
    private final IncidentCauseRepository incidentCauses;
    private final GateService gates;
    private final SyncLinkRepository links;
    private final GateStateRepository memberships;

    public RecordApplier(JiraIssueMapper jira, ServiceNowRecordMapper serviceNow, DeploymentEventMapper deployments,
                         WorkItemRepository workItems, StatusChangeRepository statusChanges,
                         CommentRepository comments, DeploymentRepository deploymentStore,
                         WorkPackageUpdateHook workPackageRules, ApplicationEventPublisher events,
                         ScmEventMapper scm, ScmChangeRepository scmChanges,
                         DeploymentCommitRepository deploymentCommits, IncidentCauseRepository incidentCauses,
                         GateService gates, SyncLinkRepository links, GateStateRepository memberships) {
        this.links = links;
        this.memberships = memberships;
        this.events = events;
        this.gates = gates;
        this.scm = scm;
        this.scmChanges = scmChanges;
        this.deploymentCommits = deploymentCommits;
        this.incidentCauses = incidentCauses;
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.deployments = deployments;
        this.workItems = workItems;
        this.statusChanges = statusChanges;
        this.comments = comments;
        this.deploymentStore = deploymentStore;
        this.workPackageRules = workPackageRules;
    }

    /**
     * Reads ahead, in one query per table, what storing these records will ask the store about their items (the
     * stored Jira issues and their releases, the links of both systems' records, the ServiceNow records' last status,
     * recorded causes),
     * for the store batch bound to this thread ({@link StoreBatch}). A record whose key does not name its item the
     * usual way is only not read ahead.
     */
    public void prefetch(List<InboundEnvelope> envelopes) {
        Set<String> jiraItems = new LinkedHashSet<>();
        Set<String> jiraIssues = new LinkedHashSet<>();
        Set<String> serviceNowItems = new LinkedHashSet<>();
        Set<String> serviceNowRecords = new LinkedHashSet<>();
        for (InboundEnvelope envelope : envelopes) {
            String key = envelope.itemKey();
            if (key == null) {
                continue;
            }
            InboundSource source;
            try {
                source = InboundSource.of(envelope.source());
            } catch (RuntimeException unknown) {
                continue;
            }
            String[] parts = key.split(":");
            if (source == InboundSource.JIRA && parts.length == 3 && key.startsWith(JIRA_ITEM_PREFIX)) {
                jiraItems.add(JiraIssueMapper.workItemId(parts[2]));
                jiraIssues.add(parts[2]);
            } else if (source == InboundSource.SERVICENOW && parts.length == 3
                    && key.startsWith(SourceSystem.SERVICENOW.code() + ":")) {
                serviceNowItems.add(key);
                serviceNowRecords.add(parts[2]);
            }
        }
        Set<String> items = new LinkedHashSet<>(jiraItems);
        items.addAll(serviceNowItems);
        workItems.prefetch(items);
        memberships.prefetchMemberships(jiraItems);
        links.prefetch(SourceSystem.JIRA, jiraIssues);
        links.prefetch(SourceSystem.SERVICENOW, serviceNowRecords);
        statusChanges.prefetchLatest(serviceNowItems);
        incidentCauses.prefetch(items);
    }

    private static final String JIRA_ITEM_PREFIX = JiraIssueMapper.workItemId("");

    /** @return a short description of what was stored, for the log and the replay answer */
    public String apply(InboundEnvelope envelope) {
        return switch (InboundSource.of(envelope.source())) {
            case JIRA -> applyJira(envelope.body());
            case SERVICENOW -> applyServiceNow(envelope);
            case DEPLOYMENT -> ScmEventMapper.handles(envelope.headers(), JsonFields.parse("repository event",
                    envelope.body())) ? applyScm(envelope) : applyDeployment(envelope);
        };
    }

    private String applyScm(InboundEnvelope envelope) {
        ScmEvent event = scm.read(envelope.headers(), envelope.body());
        if (event.ignored() != null) {
            return event.event() + " ignored: " + event.ignored();
        }
        event.changes().forEach(scmChanges::upsert);
        int pushed = event.push() == null ? 0 : scmChanges.recordPush(event.push());
        return event.event() + ": " + event.changes().size() + " changes, " + pushed + " commits pushed";
    }

    /**
     * A deployment event. A GitHub {@code inactive} status says only that a later deployment superseded this one: a
     * stored deployment keeps its result and finish; one not seen before is kept as a success with no finish (the
     * moment it was superseded is not when it finished), and with no source time, so that its real final status,
     * arriving later, still applies. An event without a start (GitLab's final Deployment Hook) keeps the start an
     * earlier event gave.
     */
    private String applyDeployment(InboundEnvelope envelope) {
        DeploymentFacts facts = deployments.factsFromRequest(envelope.headers(), envelope.body());
        Deployment deployment = facts.deployment();
        Deployment stored = deploymentStore.findById(deployment.id()).orElse(null);
        if (facts.superseded()) {
            if (stored != null) {
                return "deployment " + deployment.id() + " superseded: kept as stored";
            }
            SourceRef ref = deployment.source();
            deployment = withTimes(deployment, new SourceRef(ref.system(), ref.entity(), ref.nativeId(), ref.key(),
                    ref.url(), 0, null), deployment.startedAt(), null);
        } else if (deployment.startedAt() == null && stored != null && stored.startedAt() != null) {
            deployment = withTimes(deployment, deployment.source(), stored.startedAt(), deployment.finishedAt());
        }
        UpsertOutcome outcome = storeDeployment(deployment);
        if (deployment.startedAt() != null) {
            deploymentStore.keepEarliestStart(deployment.id(), deployment.startedAt());
        }
        String rule = deploymentCommits.record(new DeploymentFacts(deployment, facts.scope(), facts.repoUrl(),
                facts.headSha(), facts.listedShas(), facts.changeNumber(), facts.superseded()));
        return "deployment " + outcome.name().toLowerCase() + " (" + rule + ")";
    }

    private static Deployment withTimes(Deployment d, SourceRef source, Instant started, Instant finished) {
        return new Deployment(d.id(), source, d.service(), d.environment(), d.environmentType(), d.status(), started,
                finished, d.ref(), d.commits(), d.linkedItemKeys());
    }

    private String applyJira(String body) {
        JsonNode payload = JsonFields.parse("jira webhook", body);
        if (JiraReconciler.VANISHED_EVENT.equals(JsonFields.text(payload, "webhookEvent"))) {
            return applyVanished(payload);
        }
        JiraEvent event = jira.fromWebhook(payload);
        JsonNode issue = JsonFields.node(payload, "issue");
        // read once for the gates and the announcement: it renders every field's JSON
        Map<String, String> sourceFields = JiraSourceFields.of(issue);
        UpsertOutcome outcome = null;
        WorkItem item = event.workItem();
        if (item != null) {
            if (event.isIssueDeleted()) {
                item = markDeleted(item);
            }
            // Only a work package's rules compare the update with what was stored: for any other item, whether it is
            // stored is enough (reading every stored item back from its JSON was a seventh of a consumer's CPU).
            WorkItem before = null;
            boolean stored;
            if (item.kind() == WorkItemKind.WORK_PACKAGE) {
                before = workItems.findById(item.id()).orElse(null);
                stored = before != null;
            } else {
                stored = workItems.exists(item.id());
            }
            boolean partialOverFull = event.partialIssue() && stored;
            if (!partialOverFull) {
                outcome = workItems.upsert(item);
            }
            statusChanges.recordAll(event.statusChanges());
            recordJiraCauses(item, issue);
            if (outcome != null && outcome.isApplied()) {
                workPackageRules.jiraItemApplied(before, item);
                gates.jiraIssueApplied(item, issue, sourceFields, event.actor());
            }
        } else {
            statusChanges.recordAll(event.statusChanges());
        }
        int newComments = 0;
        if (!event.isCommentDeleted()) {
            for (Comment comment : event.comments()) {
                newComments += comments.insertIfAbsent(comment) ? 1 : 0;
            }
        }
        if (!event.isIssueDeleted()) {
            CommentEvent commentEvent = switch (event.type()) {
                case COMMENT_UPDATED -> CommentEvent.EDITED;
                case COMMENT_DELETED -> CommentEvent.DELETED;
                default -> CommentEvent.ADDED;
            };
            announce(new WorkItemChanged(event.workItemId(), SourceSystem.JIRA, event.issueId(), event.workItem(),
                    outcome == null || !outcome.isApplied(), event.actor(), null, event.comments(),
                    sourceFields, commentEvent));
        }
        return "jira " + event.type() + " " + event.workItemId() + ": "
                + (outcome == null ? "item untouched" : outcome.name().toLowerCase())
                + ", " + counted(event.statusChanges().size(), "status change") + ", "
                + counted(newComments, "new comment");
    }

    private String applyServiceNow(InboundEnvelope envelope) {
        String table = envelope.itemKey().split(":")[1];
        ServiceNowRecord record = serviceNow.fromResponse(envelope.body(), table);
        UpsertOutcome outcome = workItems.upsert(record.workItem());
        recordStatusChange(record.workItem(), outcome);
        ServiceNowActivity activity = ServiceNowActivity.fromResponse(envelope.body(), record.workItem().id());
        activity.journal().forEach(comments::insertIfAbsent);
        announce(new WorkItemChanged(record.workItem().id(), SourceSystem.SERVICENOW,
                record.workItem().source().nativeId(), record.workItem(), !outcome.isApplied(), activity.updatedBy(),
                record.storyKey(), activity.journal(), activity.sourceFields(), CommentEvent.ADDED));
        if (outcome.isApplied()) {
            gates.serviceNowApplied(record.workItem(), table, envelope.body(), activity.updatedBy());
        }
        String deployment = record.asDeployment()
                .map(d -> ", deployment " + storeDeployment(d).name().toLowerCase() + " ("
                        + deploymentCommits.record(new DeploymentFacts(d, d.service(), null, null, List.of(),
                        d.source().key(), false)) + ")")
                .orElse("");
        ServiceNowIncidentCauses.fromResponse(envelope.body(), table, record.workItem().id()).ifPresentOrElse(
                incidentCauses::record, () -> incidentCauses.forget(record.workItem().id(), "SERVICENOW"));
        return "servicenow " + record.workItem().id() + ": " + outcome.name().toLowerCase() + deployment;
    }

    /** An incident's "is caused by" links; the first linked issue is the cause. */
    private void recordJiraCauses(WorkItem item, JsonNode issue) {
        if (item.kind() != WorkItemKind.INCIDENT || issue == null) {
            return;
        }
        JiraIssueLinks.causes(issue).ifPresent(keys -> {
            if (keys.isEmpty()) {
                incidentCauses.forget(item.id(), "JIRA_LINK");
            } else {
                incidentCauses.record(new IncidentCause(item.id(), keys.get(0), null, "JIRA_LINK"));
            }
        });
    }

    /** Stores a deployment; one that is news re-evaluates the gates of the release it deployed. */
    private UpsertOutcome storeDeployment(Deployment deployment) {
        UpsertOutcome outcome = deploymentStore.upsert(deployment);
        if (outcome.isApplied()) {
            gates.deploymentApplied(deployment);
        }
        return outcome;
    }

    /**
     * The hook for what happens after a record is stored (alignment with the paired item): listeners run in this
     * transaction, so a record and the write-back it causes are committed together or not at all.
     */
    private void announce(WorkItemChanged change) {
        events.publishEvent(change);
    }

    /** ServiceNow records carry no history; a status change is seen as the difference from the stored record. */
    private void recordStatusChange(WorkItem item, UpsertOutcome outcome) {
        if (!outcome.isApplied() || item.updatedAt() == null) {
            return;
        }
        CanonicalStatus last = statusChanges.latestStatus(item.id()).orElse(null);
        if (last != item.status()) {
            statusChanges.recordAll(List.of(new StatusChange(item.id(), last, item.status(), null,
                    item.sourceStatus(), item.updatedAt(), null)));
        }
    }

    /** The issue is gone from Jira: the stored item is marked deleted as of the moment that was noticed. */
    private String applyVanished(JsonNode payload) {
        String issueId = JsonFields.requireText("jira vanished issue", payload, "issue.id");
        String id = JiraIssueMapper.workItemId(issueId);
        Instant noticed = Instant.ofEpochMilli(
                Long.parseLong(JsonFields.requireText("jira vanished issue", payload, "timestamp")));
        return workItems.findById(id).map(stored -> {
            SourceRef ref = stored.source();
            WorkItem deleted = markDeleted(withSource(stored, new SourceRef(ref.system(), ref.entity(), ref.nativeId(),
                    ref.key(), ref.url(), Math.max(ref.version() + 1, noticed.toEpochMilli()), noticed)));
            return "jira issue gone " + id + ": " + workItems.upsert(deleted).name().toLowerCase();
        }).orElse("jira issue gone " + id + ": not held");
    }

    private static WorkItem withSource(WorkItem item, SourceRef source) {
        return new WorkItem(item.id(), item.kind(), source, item.title(), item.description(), item.status(),
                item.sourceStatus(), item.severity(), item.sourcePriority(), item.flowType(), item.assignee(),
                item.assignmentGroup(), item.team(), item.parentId(), item.sprintId(), item.labels(), item.createdAt(),
                item.updatedAt(), item.resolvedAt(), item.story(), item.workPackage());
    }

    private static WorkItem markDeleted(WorkItem item) {
        Set<String> labels = new HashSet<>(item.labels());
        labels.add(DELETED_LABEL);
        return new WorkItem(item.id(), item.kind(), item.source(), item.title(), item.description(),
                CanonicalStatus.CANCELLED, item.sourceStatus(), item.severity(), item.sourcePriority(),
                item.flowType(), item.assignee(), item.assignmentGroup(), item.team(), item.parentId(),
                item.sprintId(), labels, item.createdAt(), item.updatedAt(), item.resolvedAt(), item.story(),
                item.workPackage());
    }

    /** "1 status change", "2 status changes": the account is shown to people (the quarantine's replay notice). */
    private static String counted(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
