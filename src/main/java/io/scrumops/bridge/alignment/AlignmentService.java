package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
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
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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

    private static final Pattern JIRA_KEY = Pattern.compile("[A-Z][A-Z0-9_]+-[1-9][0-9]*");

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
    private final JiraPairingService jiraPairing;
    private final CommentChanges comments;
    private final JiraProperties jira;
    private final ServiceNowProperties serviceNow;
    private final Clock clock;
    private final ConfiguredFields configured;
    private final AttachmentCarrier attachments;

    public AlignmentService(SyncLinkRepository links, FieldSyncRepository fieldSyncs, CommentCarryRepository carries,
                            AuditLogRepository audit, WriteCommandQueue queue, FieldWrites writes,
                            AlignmentSettings settings, PairingService pairing, @Lazy JiraPairingService jiraPairing,
                            @Lazy CommentChanges comments, JiraProperties jira, ServiceNowProperties serviceNow,
                            Clock clock, ConfiguredFields configured, @Lazy AttachmentCarrier attachments) {
        this.configured = configured;
        this.attachments = attachments;
        this.links = links;
        this.fieldSyncs = fieldSyncs;
        this.carries = carries;
        this.audit = audit;
        this.queue = queue;
        this.writes = writes;
        this.settings = settings;
        this.pairing = pairing;
        this.jiraPairing = jiraPairing;
        this.comments = comments;
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
            if (change.partial() || change.item() == null) {
                return;
            }
            if (change.system() == SourceSystem.JIRA) {
                jiraPairing.consider(change);
            } else if (!jiraPairing.linkByCorrelation(change) && change.routedStoryKey() != null
                    && (change.item().kind() == WorkItemKind.INCIDENT
                    || settings.pairedTables().contains(change.item().source().entity()))) {
                pairing.pair(change.item(), change.routedStoryKey(), agree(change.item().id(), change),
                        namedJiraKey(change));
            }
            return;
        }
        Pair pair = pair(link.get().workItemId()).orElse(null);
        if (pair == null) {
            return;
        }
        if (!change.partial() && change.item() != null) {
            alignFields(pair, change.system(), change.item(), change.sourceFields());
            carryCloseNotes(pair, change);
            if (change.system() == SourceSystem.JIRA) {
                attachments.fromJira(pair, change.sourceField(MappedField.JIRA_JSON + "attachment"));
            }
        }
        switch (change.commentEvent()) {
            case ADDED -> carryComments(pair, change.system(), change.comments());
            case EDITED -> comments.carryEdits(pair, change.system(), change.actor(), change.comments());
            case DELETED -> comments.recordDeletions(pair, change.system(), change.actor(), change.comments());
        }
    }

    /**
     * Records every field of the side that starts a pair as the agreed value.
     *
     * @return the fingerprints of what that side holds
     */
    Map<String, String> agree(String pairId, WorkItemChanged change) {
        Map<String, String> fingerprints = new HashMap<>();
        for (FieldRule rule : rules(Pair.serviceNowTable(pairId, settings.serviceNowTable()))) {
            if (!rule.present(change.system(), change.sourceFields())) {
                continue;
            }
            String value = rule.canonical(change.system(), change.item(), change.sourceFields());
            fingerprints.put(rule.key(), Fingerprints.of(value));
            fieldSyncs.save(new FieldSync(pairId, rule.key(), Fingerprints.of(value), value, change.system(),
                    change.item().updatedAt(), null, null));
        }
        return fingerprints;
    }

    /**
     * The pair a link belongs to: named by the incident's work item id when the incident came first, by the issue's
     * when a Jira issue did; the side still being created is null.
     */
    Optional<Pair> pair(String pairId) {
        SyncLink serviceNowSide = links.findByWorkItem(pairId, SourceSystem.SERVICENOW).orElse(null);
        SyncLink jiraSide = links.findByWorkItem(pairId, SourceSystem.JIRA).orElse(null);
        boolean startedInJira = jiraSide != null && pairId.equals(JiraIssueMapper.workItemId(jiraSide.nativeId()));
        if (serviceNowSide == null && !startedInJira) {
            return Optional.empty(); // an issue linked to a bridge item without an incident (an escalated package)
        }
        return Optional.of(new Pair(pairId, serviceNowSide, jiraSide));
    }

    /**
     * The side the bridge just created holds a description it wrote (with a line naming the other side's record): that
     * text becomes the agreed value of the configured pairs of the description field, so that neither the echo of the
     * creation nor the push of agreed values rewrites it.
     *
     * @return the fingerprints the created side holds for those pairs
     */
    Map<String, String> createdDescription(String pairId, SourceSystem created, String writtenDescription,
                                           SourceSystem origin, Instant at) {
        Map<String, String> prints = new HashMap<>();
        for (MappedField field : configured.fieldsFor(Pair.serviceNowTable(pairId, settings.serviceNowTable()))) {
            if (!"description".equals(field.field(created)) || writtenDescription == null) {
                continue;
            }
            Map<String, String> written = created == SourceSystem.JIRA
                    ? Map.of(MappedField.JIRA_JSON + field.jiraField(),
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(writtenDescription).toString())
                    : Map.of(MappedField.SERVICENOW_VALUE + field.serviceNowField(), writtenDescription);
            String value = field.canonical(created, written);
            prints.put(field.key(), Fingerprints.of(value));
            fieldSyncs.save(new FieldSync(pairId, field.key(), Fingerprints.of(value), value, origin, at, null, null));
        }
        return prints;
    }

    /** The built-in fields, then the configured pairs that apply to records of {@code table}. */
    List<FieldRule> rules(String table) {
        List<FieldRule> rules = new java.util.ArrayList<>();
        for (AlignedField field : AlignedField.values()) {
            rules.add(new FieldRule.BuiltIn(field, writes, settings, table));
        }
        configured.fieldsFor(table).forEach(field -> rules.add(new MappedFieldRule(field, table)));
        return rules;
    }

    private Optional<FieldRule> rule(String key, String table) {
        return rules(table).stream().filter(r -> r.key().equals(key)).findFirst();
    }

    private void alignFields(Pair pair, SourceSystem from, WorkItem item, Map<String, String> sourceFields) {
        SourceSystem to = Pair.other(from);
        SyncLink fromLink = pair.side(from);
        SyncLink toLink = pair.side(to);
        Map<String, String> fromPrints = new HashMap<>(fromLink.fieldFingerprints());
        Map<String, String> toPrints = toLink == null ? new HashMap<>() : new HashMap<>(toLink.fieldFingerprints());
        boolean toChanged = false;
        WriteBatch batch = new WriteBatch();
        for (FieldRule field : rules(pair.serviceNowTable(settings.serviceNowTable()))) {
            if (!field.present(from, sourceFields)) {
                continue;
            }
            String key = field.key();
            String value = field.canonical(from, item, sourceFields);
            if (value == null && field.emptyIsNoChange()) {
                continue;
            }
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
            FieldPolicy policy = field.policy();
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
                String reported = Fingerprints.of(field.reported(to, value));
                if (toLink != null && !reported.equals(toPrints.get(key))) {
                    String[] refused = new String[1];
                    Optional<WriteCommand> command = field.command(to, value, pair, reason -> refused[0] = reason);
                    if (command.isPresent()) {
                        batch.add("align:" + pair.id() + ":" + key + ":" + to.code() + ":" + source, command.get());
                        toPrints.put(key + BEFORE, toPrints.getOrDefault(key, NONE));
                        toPrints.put(key, reported);
                        toChanged = true;
                        pending = to;
                    } else if (refused[0] != null) {
                        audit.record("bridge", "alignment.not-carried", pair.id(), Map.of("field", key,
                                "value", String.valueOf(value), "to", to.code(), "reason", refused[0]));
                    }
                }
                if (conflict) {
                    // the losing write to this side may land after the change that beat it: set the winner again
                    Optional<WriteCommand> again = field.command(from, value, pair, reason -> { });
                    if (again.isPresent()) {
                        batch.add("align:" + pair.id() + ":" + key + ":" + from.code() + ":again:" + source, again.get());
                        fromPrints.put(key + BEFORE, known == null ? NONE : known);
                        fromPrints.put(key, Fingerprints.of(field.reported(from, value)));
                    }
                }
                fieldSyncs.save(new FieldSync(pair.id(), key, print, value, from, item.updatedAt(), null, pending));
            } else {
                Optional<WriteCommand> back = field.command(from, agreed.value(), pair, reason -> { });
                SourceSystem pending = null;
                if (back.isPresent()) {
                    batch.add("align:" + pair.id() + ":" + key + ":" + from.code() + ":back:" + source, back.get());
                    fromPrints.put(key + BEFORE, print);
                    fromPrints.put(key, Fingerprints.of(field.reported(from, agreed.value())));
                    pending = from;
                }
                fieldSyncs.save(new FieldSync(pair.id(), key, agreed.valueHash(), agreed.value(), agreed.sourceSystem(),
                        agreed.sourceAt(), null, pending));
            }
        }
        enqueue(batch);
        Instant now = clock.instant();
        links.recordSync(from, fromLink.nativeId(), item.source().version(), fromPrints, now);
        if (toChanged) {
            links.recordSync(to, toLink.nativeId(), toLink.lastSyncedVersion(), toPrints, now);
        }
    }

    /**
     * After the side a pair was waiting for has been created (or found): writes to it what changed on the other side
     * meanwhile, and the other side's comments so far.
     */
    void pushAgreed(Pair pair, SourceSystem target, List<Comment> otherSideComments) {
        SyncLink targetLink = pair.side(target);
        Map<String, String> prints = new HashMap<>(targetLink.fieldFingerprints());
        boolean changed = false;
        WriteBatch batch = new WriteBatch();
        String table = pair.serviceNowTable(settings.serviceNowTable());
        for (FieldSync agreed : fieldSyncs.findByPair(pair.id())) {
            FieldRule field = rule(agreed.field(), table).orElse(null);
            if (field == null || (agreed.value() == null && field.emptyIsNoChange())) {
                continue;
            }
            String reported = field.reported(target, agreed.value());
            if (Fingerprints.of(reported).equals(prints.get(agreed.field()))) {
                continue;
            }
            if (agreed.value() == null && !prints.containsKey(agreed.field())) {
                continue; // nothing agreed and nothing known there: an empty field stays empty
            }
            Optional<WriteCommand> command = field.command(target, agreed.value(), pair, reason -> { });
            if (command.isPresent()) {
                batch.add("align:" + pair.id() + ":" + agreed.field() + ":" + target.code() + ":initial:"
                        + agreed.valueHash(), command.get());
                prints.put(agreed.field() + BEFORE, prints.getOrDefault(agreed.field(), NONE));
                prints.put(agreed.field(), Fingerprints.of(reported));
                fieldSyncs.save(new FieldSync(pair.id(), agreed.field(), agreed.valueHash(), agreed.value(),
                        agreed.sourceSystem(), agreed.sourceAt(), null, target));
                changed = true;
            }
        }
        enqueue(batch);
        if (changed) {
            links.recordSync(target, targetLink.nativeId(), targetLink.lastSyncedVersion(), prints, clock.instant());
        }
        carryComments(pair, Pair.other(target), otherSideComments);
    }

    void carryComments(Pair pair, SourceSystem from, List<Comment> comments) {
        SourceSystem to = Pair.other(from);
        if (pair.side(to) == null) {
            return; // carried once the other side exists
        }
        for (Comment comment : comments) {
            String text = comment.body() == null ? "" : comment.body();
            String originId = comment.id();
            if (isBridgeAccount(from, comment.author())
                    || carries.isCopy(originId, pair.id(), from, Fingerprints.of(text))) {
                continue;
            }
            carry(pair, from, comment, originId, header(from, comment, ""));
        }
    }

    /**
     * Carries one comment to the other side under {@code originId}, once: a second call with the same origin id is a
     * redelivery and writes nothing.
     */
    boolean carry(Pair pair, SourceSystem from, Comment comment, String originId, String header) {
        SourceSystem to = Pair.other(from);
        String copy = header + "\n" + (comment.body() == null ? "" : comment.body());
        if (!carries.claim(originId, pair.id(), to, Fingerprints.of(copy))) {
            return false;
        }
        WriteCommand command = to == SourceSystem.JIRA
                ? new JiraComment(pair.id(), pair.jira().nativeKey(), copy, comment.author(), comment.visibility(),
                originId)
                : new ServiceNowJournalEntry(pair.id(), pair.serviceNowTable(settings.serviceNowTable()),
                pair.serviceNow().nativeId(), copy,
                comment.author(), comment.visibility() == null ? CommentVisibility.INTERNAL : comment.visibility(),
                originId);
        enqueue("comment:" + originId, command);
        return true;
    }

    /** {@code [Jira comment by alice at 2026-03-01T08:00:00Z]}, with {@code suffix} before the bracket closes. */
    static String header(SourceSystem from, Comment comment, String suffix) {
        String what = from == SourceSystem.JIRA ? "Jira comment" : comment.visibility() == CommentVisibility.PUBLIC
                ? "ServiceNow additional comment" : "ServiceNow work note";
        return "[" + what + " by " + (comment.author() == null ? "unknown" : comment.author())
                + (comment.createdAt() == null ? "" : " at " + comment.createdAt()) + suffix + "]";
    }

    /**
     * Close notes someone wrote in ServiceNow reach Jira as a comment, once per text; Jira has no field for them.
     * The notes the bridge itself wrote are not carried back.
     */
    private void carryCloseNotes(Pair pair, WorkItemChanged change) {
        String notes = change.sourceField("close_notes");
        if (change.system() != SourceSystem.SERVICENOW || notes == null || pair.jira() == null
                || isBridgeAccount(SourceSystem.SERVICENOW, change.actor())
                || Fingerprints.of(notes).equals(Fingerprints.of(settings.closeNotes(pair.jira().nativeKey())))) {
            return;
        }
        String originId = "servicenow:close-notes:" + change.nativeId() + ":" + Fingerprints.of(notes);
        Comment comment = new Comment(originId, pair.id(), null, change.actor(), notes, CommentVisibility.INTERNAL,
                change.item().updatedAt());
        carry(pair, SourceSystem.SERVICENOW, comment, originId, "[ServiceNow close notes by "
                + (change.actor() == null ? "unknown" : change.actor()) + " at " + change.item().updatedAt() + "]");
    }

    boolean isBridgeAccount(SourceSystem system, String author) {
        if (author == null) {
            return false;
        }
        String bot = system == SourceSystem.JIRA ? jira.botAccount() : serviceNow.botUser();
        return bot != null && !bot.isBlank() && bot.equalsIgnoreCase(author);
    }

    private void enqueue(String key, WriteCommand command) {
        queue.enqueue(key, command);
    }

    private void enqueue(WriteBatch batch) {
        batch.merged().forEach(write -> queue.enqueue(write.idempotencyKey(), write.command()));
    }

    private static long epochMillis(Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }

    /** A correlation_id that has the form of a Jira issue key (the bridge's own links were looked at already). */
    private static String namedJiraKey(WorkItemChanged change) {
        String value = change.sourceField("correlation_id");
        return value != null && JIRA_KEY.matcher(value.trim()).matches() ? value.trim() : null;
    }
}
