package io.scrumops.bridge.web;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.AuditEntry;
import io.scrumops.bridge.store.OutboxCommand;
import io.scrumops.bridge.store.SlaStatusRow;
import io.scrumops.bridge.store.StatusChangeRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.WorkItemReads;
import io.scrumops.bridge.store.WorkItemRepository;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Everything the item page and {@code GET /api/work-items/{id}} show about one work item, read in one place. */
@Component
public class WorkItemDetails {

    private static final int MAX_CHAIN = 20;

    private final WorkItemReads reads;
    private final WorkItemRepository items;
    private final StatusChangeRepository history;
    private final JiraProperties jira;
    private final ServiceNowProperties serviceNow;

    public WorkItemDetails(WorkItemReads reads, WorkItemRepository items, StatusChangeRepository history,
                           JiraProperties jira, ServiceNowProperties serviceNow) {
        this.reads = reads;
        this.items = items;
        this.history = history;
        this.jira = jira;
        this.serviceNow = serviceNow;
    }

    /** Where an item or a pair side lives: the system, its key and a link a person can open there. */
    public record SourceLink(String system, String nativeId, String key, String url, String itemId) {
    }

    /** The incident and its Jira work package: the two sides and when each was last synced. */
    public record PairSide(String system, String key, String url, String itemId, java.time.Instant lastSyncedAt) {
    }

    public record Pair(String pairId, List<PairSide> sides) {
    }

    /** One step of an escalation chain, the item itself included; {@code current} marks it. */
    public record ChainStep(String itemId, String key, String url, int level, String status, boolean current,
                            String escalatedBy, java.time.Instant escalatedAt, String reason) {
    }

    public record Detail(WorkItem item, SourceLink source, Pair pair, List<ChainStep> escalationChain,
                         List<StatusChange> statusHistory, SlaStatusRow sla,
                         List<WorkItemReads.CarriedComment> comments, List<AuditEntry> audit,
                         List<OutboxCommand> outbox) {
    }

    public Optional<Detail> find(String id) {
        Optional<WorkItem> found = items.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WorkItem item = found.get();
        SourceRef source = item.source();
        SourceLink sourceLink = source == null ? null : new SourceLink(source.system().code(), source.nativeId(),
                source.key(), browseUrl(source.system(), source.entity(), source.nativeId(), source.key()), item.id());

        Pair pair = null;
        Set<String> related = new LinkedHashSet<>();
        related.add(item.id());
        Optional<String> pairId = reads.pairIdOf(item.id(), source == null ? null : source.system(),
                source == null ? null : source.nativeId());
        if (pairId.isPresent()) {
            List<PairSide> sides = new ArrayList<>();
            for (SyncLink link : reads.links(pairId.get())) {
                String sideItem = link.system() == SourceSystem.JIRA ? "jira:issue:" + link.nativeId() : pairId.get();
                String entity = link.system() == SourceSystem.SERVICENOW ? entityOf(pairId.get()) : "issue";
                sides.add(new PairSide(link.system().code(), link.nativeKey(),
                        browseUrl(link.system(), entity, link.nativeId(), link.nativeKey()), sideItem,
                        link.lastSyncedAt()));
                related.add(sideItem);
            }
            related.add(pairId.get());
            pair = new Pair(pairId.get(), sides);
        }

        List<ChainStep> chain = escalationChain(item);
        SlaStatusRow sla = null;
        for (String candidate : related) {
            sla = reads.sla(candidate).orElse(null);
            if (sla != null) {
                break;
            }
        }
        List<String> ids = List.copyOf(related);
        return Optional.of(new Detail(item, sourceLink, pair, chain, history.findByWorkItem(item.id()), sla,
                reads.comments(item.id()), reads.audit(ids), reads.outbox(ids)));
    }

    /** From the first level to the last, through each package's "escalated from" and its escalation links. */
    private List<ChainStep> escalationChain(WorkItem item) {
        if (item.workPackage() == null) {
            return List.of();
        }
        WorkItem first = item;
        for (int i = 0; i < MAX_CHAIN && first.workPackage() != null && first.workPackage().escalatedFromId() != null;
             i++) {
            Optional<WorkItem> previous = items.findById(first.workPackage().escalatedFromId());
            if (previous.isEmpty()) {
                break;
            }
            first = previous.get();
        }
        List<ChainStep> chain = new ArrayList<>();
        WorkItem step = first;
        EscalationLink arrivedBy = null;
        Set<String> seen = new LinkedHashSet<>();
        while (step != null && seen.add(step.id()) && chain.size() < MAX_CHAIN) {
            SourceRef ref = step.source();
            chain.add(new ChainStep(step.id(), ref == null ? null : ref.key(),
                    ref == null ? null : browseUrl(ref.system(), ref.entity(), ref.nativeId(), ref.key()),
                    step.workPackage() == null ? 1 : step.workPackage().escalationLevel(),
                    step.status() == null ? null : step.status().name(), step.id().equals(item.id()),
                    arrivedBy == null ? null : arrivedBy.escalatedBy(),
                    arrivedBy == null ? null : arrivedBy.escalatedAt(), arrivedBy == null ? null : arrivedBy.reason()));
            EscalationLink next = null;
            if (step.workPackage() != null) {
                String stepId = step.id();
                next = step.workPackage().escalations().stream()
                        .filter(l -> stepId.equals(l.fromWorkPackageId()) && l.toWorkPackageId() != null)
                        .reduce((a, b) -> b).orElse(null);
            }
            arrivedBy = next;
            step = next == null ? null : items.findById(next.toWorkPackageId()).orElse(null);
        }
        return chain.size() > 1 ? chain : List.of();
    }

    private static String entityOf(String itemId) {
        String[] parts = itemId.split(":", 3);
        return parts.length == 3 ? parts[1] : "incident";
    }

    /** A link a person opens: Jira's issue page, ServiceNow's record form. Null while the system is not configured. */
    public String browseUrl(SourceSystem system, String entity, String nativeId, String key) {
        if (system == SourceSystem.JIRA && jira.isConfigured() && key != null) {
            return trim(jira.baseUrl()) + "/browse/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        }
        if (system == SourceSystem.SERVICENOW && serviceNow.instanceUrl() != null && !serviceNow.instanceUrl().isBlank()
                && nativeId != null) {
            String table = entity == null || entity.isBlank() ? "incident" : entity;
            return trim(serviceNow.instanceUrl()) + "/nav_to.do?uri="
                    + URLEncoder.encode(table + ".do?sys_id=" + nativeId, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
