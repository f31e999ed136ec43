package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.CommentCarryRepository;
import io.scrumops.bridge.store.FieldSyncRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Finds a pair by the incident number or the Jira issue key. */
@Component
public class PairQuery {

    private final SyncLinkRepository links;
    private final FieldSyncRepository fieldSyncs;
    private final CommentCarryRepository carries;
    private final AuditLogRepository audit;

    public PairQuery(SyncLinkRepository links, FieldSyncRepository fieldSyncs, CommentCarryRepository carries,
                     AuditLogRepository audit) {
        this.links = links;
        this.fieldSyncs = fieldSyncs;
        this.carries = carries;
        this.audit = audit;
    }

    public Optional<PairView> byIncident(String number) {
        return links.findByNativeKey(SourceSystem.SERVICENOW, number).map(this::view);
    }

    public Optional<PairView> byIssue(String key) {
        return links.findByNativeKey(SourceSystem.JIRA, key).map(this::view);
    }

    private PairView view(SyncLink found) {
        String pairId = found.workItemId();
        return new PairView(pairId, links.findByWorkItem(pairId, SourceSystem.SERVICENOW).orElse(null),
                links.findByWorkItem(pairId, SourceSystem.JIRA).orElse(null), fieldSyncs.findByPair(pairId),
                carries.countByPair(pairId), audit.findByEntity(pairId));
    }
}
