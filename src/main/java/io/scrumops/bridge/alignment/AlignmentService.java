package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.event.WorkItemChanged;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.CommentCarryRepository;
import io.scrumops.bridge.store.FieldSync;
import io.scrumops.bridge.store.FieldSyncRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aligns a pair after one side changed. Per field: a value equal to the fingerprint of what that side is known to
 * hold is no news (the echo of the bridge's own write, or a redelivery); a new value is carried to the other side
 * unless the field's system of record is the other side (then it is put back), and a change arriving from a side
 * while the bridge's write to it is still unconfirmed is a conflict, settled by the field's conflict policy and
 * written to the audit log. Comments are carried once each, by origin id; the copies are recognised when they come
 * back, by their id, their text, or the bridge's own account as author.
 */
@Component
public class AlignmentService {

    /** Suffix of the fingerprint a side had before the bridge's last, not yet confirmed, write to it. */
    private static final String BEFORE = "@before";
    private static final String NONE = "";

    private final SyncLinkRepository links;
    private final FieldSyncRepository fieldSyncs;
    private final CommentCarryRepository carries;
    private final AuditLogRepository audit;
    private final WriteCommandQueue queue;
    private final FieldWrites writes;
    private final AlignmentSettings settings;
    private final PairingService pairing;
    private final JiraProperties jira;
    private final ServiceNowProperties serviceNow;
    private final Clock clock;

    public AlignmentService(SyncLinkRepository links, FieldSyncRepository fieldSyncs, CommentCarryRepository carries,
                            AuditLogRepository audit, WriteCommandQueue queue, FieldWrites writes,
                            AlignmentSettings settings, PairingService pairing, JiraProperties jira,
                            ServiceNowProperties serviceNow, Clock clock) {
        this.links = links;
        this.fieldSyncs = fieldSyncs;
        this.carries = carries;
        this.audit = audit;
        this.queue = queue;
        this.writes = writes;
        this.settings = settings;
        this.pairing = pairing;
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.clock = clock;
    }

    @EventListener
    public void onChange(WorkItemChanged change) {
        if (change.system() != SourceSystem.JIRA && change.system() != SourceSystem.SERVICENOW) {
            return;
        }
        Optional<SyncLink> link = links.findByNative(change.system(), change.nativeId());
        if (link.isEmpty()) {
            if (change.system() == SourceSystem.SERVICENOW && !change.partial() && change.item() != null
                    && change.item().kind() == WorkItemKind.INCIDENT && change.routedStoryKey() != null) {
                Map<String, String> fingerprints = new HashMap<>();
                for (AlignedField field : AlignedField.values()) {
                    String value = writes.canonical(field, SourceSystem.SERVICENOW, change.item());
                    fingerprints.put(field.key(), Fingerprints.of(value));
                    fieldSyncs.save(new FieldSync(change.item().id(), field.key(), Fingerprints.of(value), value,
                            SourceSystem.SERVICENOW, change.item().updatedAt(), null, null));
                }
                pairing.pair(change.item(), change.routedStoryKey(), fingerprints);
            }
            return;
        }
        String pairId = link.get().workItemId();
        Pair pair = pair(pairId).orElse(null);
        if (pair == null) {
            return;
        }
        if (!change.partial() && change.item() != null) {
            alignFields(pair, change.system(), change.item());
        }
        carryComments(pair, change.system(), change.comments());
    }

    Optional<Pair> pair(String pairId) {
        Optional<SyncLink> serviceNowSide = links.findByWorkItem(pairId, SourceSystem.SERVICENOW);
        return serviceNowSide.map(sn -> new Pair(pairId, sn, links.findByWorkItem(pairId, SourceSystem.JIRA).orElse(null)));
    }

    private void alignFields(Pair pair, SourceSystem from, WorkItem item) {
        SourceSystem to = Pair.other(from);
        SyncLink fromLink = pair.side(from);
        SyncLink toLink = pair.side(to);
        Map<String, String> fromPrints = new HashMap<>(fromLink.fieldFingerprints());
        Map<String, String> toPrints = toLink == null ? new HashMap<>() : new HashMap<>(toLink.fieldFingerprints());
        boolean toChanged = false;
        for (AlignedField field : AlignedField.values()) {
            String key = field.key();
            String value = writes.canonical(field, from, item);
            String print = Fingerprints.of(value);
            String known = fromPrints.get(key);
            String before = fromPrints.getOrDefault(key + BEFORE, NONE);
            FieldSync agreed = fieldSyncs.find(pair.id(), key).orElse(null);
            boolean pendingHere = agreed != null && agreed.pendingTo() == from;
            if (print.equals(known)) {
                fromPrints.put(key + BEFORE, NONE);
                if (pendingHere) {
                    fieldSyncs.clearPending(pair.id(), key);
                }
                continue;
            }
            if (print.equals(before)) {
                continue; // a view of this side from before the bridge's write landed, not a change
            }
            boolean unconfirmedWrite = !NONE.equals(before);
            fromPrints.put(key, print);
            fromPrints.put(key + BEFORE, NONE);
            if (agreed != null && agreed.valueHash().equals(print)) {
                if (pendingHere) {
                    fieldSyncs.clearPending(pair.id(), key);
                }
                continue;
            }
            FieldPolicy policy = settings.policy(field);
            SourceSystem winner = from;
            boolean conflict = unconfirmedWrite && agreed != null;
            if (conflict) {
                winner = policy.conflictWinner(from, item.updatedAt(), agreed.sourceSystem(), agreed.sourceAt());
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("field", key);
                detail.put(from.code(), value);
                detail.put(agreed.sourceSystem().code(), agreed.value());
                detail.put("policy", policy.conflict() == null ? "newest" : policy.conflict().code());
                detail.put("winner", winner.code());
                audit.record("bridge", "alignment.conflict", pair.id(), detail);
            } else if (agreed != null && policy.owner() != null && policy.owner() != from) {
                winner = policy.owner();
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("field", key);
                detail.put("rejected", value);
                detail.put("from", from.code());
                detail.put("owner", winner.code());
                detail.put("kept", agreed.value());
                audit.record("bridge", "alignment.reverted", pair.id(), detail);
            }
            String source = from.code() + ":" + item.source().version() + ":" + epochMillis(item.updatedAt());
            if (winner == from) {
                SourceSystem pending = null;
                String reported = Fingerprints.of(writes.reported(field, to, value));
                if (toLink != null && !reported.equals(toPrints.get(key))) {
                    Optional<WriteCommand> command = writes.command(field, to, value, pair);
                    if (command.isPresent()) {
                        enqueue("align:" + pair.id() + ":" + key + ":" + to.code() + ":" + source, command.get());
                        toPrints.put(key + BEFORE, toPrints.getOrDefault(key, NONE));
                        toPrints.put(key, reported);
                        toChanged = true;
                        pending = to;
                    } else {
                        audit.record("bridge", "alignment.not-carried", pair.id(),
                                Map.of("field", key, "value", String.valueOf(value), "to", to.code()));
                    }
                }
                if (conflict) {
                    // the losing write to this side may land after the change that beat it: set the winner again
                    Optional<WriteCommand> again = writes.command(field, from, value, pair);
                    if (again.isPresent()) {
                        enqueue("align:" + pair.id() + ":" + key + ":" + from.code() + ":again:" + source, again.get());
                        fromPrints.put(key + BEFORE, known == null ? NONE : known);
                        fromPrints.put(key, Fingerprints.of(writes.reported(field, from, value)));
                    }
                }
                fieldSyncs.save(new FieldSync(pair.id(), key, print, value, from, item.updatedAt(), null, pending));
            } else {
                Optional<WriteCommand> back = writes.command(field, from, agreed.value(), pair);
                SourceSystem pending = null;
                if (back.isPresent()) {
                    enqueue("align:" + pair.id() + ":" + key + ":" + from.code() + ":back:" + source, back.get());
                    fromPrints.put(key + BEFORE, print);
                    fromPrints.put(key, Fingerprints.of(writes.reported(field, from, agreed.value())));
                    pending = from;
                }
                fieldSyncs.save(new FieldSync(pair.id(), key, agreed.valueHash(), agreed.value(), agreed.sourceSystem(),
                        agreed.sourceAt(), null, pending));
            }
        }
        Instant now = clock.instant();
        links.recordSync(from, fromLink.nativeId(), item.source().version(), fromPrints, now);
        if (toChanged) {
            links.recordSync(to, toLink.nativeId(), toLink.lastSyncedVersion(), toPrints, now);
        }
    }

    /** After the work package was created: writes what changed on the incident meanwhile, and its comments so far. */
    void pushAgreed(Pair pair, List<Comment> serviceNowComments) {
        Map<String, String> jiraPrints = new HashMap<>(pair.jira().fieldFingerprints());
        boolean changed = false;
        for (FieldSync agreed : fieldSyncs.findByPair(pair.id())) {
            AlignedField field = AlignedField.valueOf(agreed.field().toUpperCase());
            String reported = writes.reported(field, SourceSystem.JIRA, agreed.value());
            if (Fingerprints.of(reported).equals(jiraPrints.get(agreed.field()))) {
                continue;
            }
            Optional<WriteCommand> command = writes.command(field, SourceSystem.JIRA, agreed.value(), pair);
            if (command.isPresent()) {
                enqueue("align:" + pair.id() + ":" + agreed.field() + ":jira:initial:" + agreed.valueHash(), command.get());
                jiraPrints.put(agreed.field() + BEFORE, jiraPrints.getOrDefault(agreed.field(), NONE));
                jiraPrints.put(agreed.field(), Fingerprints.of(reported));
                fieldSyncs.save(new FieldSync(pair.id(), agreed.field(), agreed.valueHash(), agreed.value(),
                        agreed.sourceSystem(), agreed.sourceAt(), null, SourceSystem.JIRA));
                changed = true;
            }
        }
        if (changed) {
            links.recordSync(SourceSystem.JIRA, pair.jira().nativeId(), null, jiraPrints, clock.instant());
        }
        carryComments(pair, SourceSystem.SERVICENOW, serviceNowComments);
    }

    void carryComments(Pair pair, SourceSystem from, List<Comment> comments) {
        if (pair.jira() == null) {
            return; // carried once the work package exists
        }
        SourceSystem to = Pair.other(from);
        for (Comment comment : comments) {
            String text = comment.body() == null ? "" : comment.body();
            String originId = comment.id();
            if (isBridgeAccount(from, comment.author())
                    || carries.isCopy(originId, pair.id(), from, Fingerprints.of(text))) {
                continue;
            }
            String copy = header(from, comment) + "\n" + text;
            if (!carries.claim(originId, pair.id(), to, Fingerprints.of(copy))) {
                continue;
            }
            WriteCommand command = to == SourceSystem.JIRA
                    ? new JiraComment(pair.id(), pair.jira().nativeKey(), copy, comment.author(), comment.visibility(),
                    originId)
                    : new ServiceNowJournalEntry(pair.id(), settings.serviceNowTable(), pair.serviceNow().nativeId(), copy,
                    comment.author(), comment.visibility() == null ? CommentVisibility.INTERNAL : comment.visibility(),
                    originId);
            enqueue("comment:" + originId, command);
        }
    }

    private static String header(SourceSystem from, Comment comment) {
        String what = from == SourceSystem.JIRA ? "Jira comment" : comment.visibility() == CommentVisibility.PUBLIC
                ? "ServiceNow additional comment" : "ServiceNow work note";
        return "[" + what + " by " + (comment.author() == null ? "unknown" : comment.author())
                + (comment.createdAt() == null ? "" : " at " + comment.createdAt()) + "]";
    }

    private boolean isBridgeAccount(SourceSystem system, String author) {
        if (author == null) {
            return false;
        }
        String bot = system == SourceSystem.JIRA ? jira.botAccount() : serviceNow.botUser();
        return bot != null && !bot.isBlank() && bot.equalsIgnoreCase(author);
    }

    private void enqueue(String key, WriteCommand command) {
        queue.enqueue(key, command);
    }

    private static long epochMillis(Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }
}
