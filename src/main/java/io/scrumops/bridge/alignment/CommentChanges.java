package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.CommentCarryRepository;
import io.scrumops.bridge.store.CommentRepository;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits and deletions of comments already carried. A ServiceNow journal entry cannot be changed once written, so an
 * edit is carried as a new entry marked as an edit, once per edited text; a deletion is not carried (it cannot be
 * done to a journal entry) but written to the audit log with the copy it leaves behind.
 */
@Component
class CommentChanges {

    private final AlignmentService alignment;
    private final CommentCarryRepository carries;
    private final CommentRepository stored;
    private final AuditLogRepository audit;

    CommentChanges(AlignmentService alignment, CommentCarryRepository carries, CommentRepository stored,
                   AuditLogRepository audit) {
        this.alignment = alignment;
        this.carries = carries;
        this.stored = stored;
        this.audit = audit;
    }

    void carryEdits(Pair pair, SourceSystem from, String editor, List<Comment> edited) {
        if (pair.side(Pair.other(from)) == null) {
            return;
        }
        for (Comment comment : edited) {
            String text = comment.body() == null ? "" : comment.body();
            if (alignment.isBridgeAccount(from, comment.author()) || alignment.isBridgeAccount(from, editor)
                    || carries.isCopy(comment.id(), pair.id(), from, Fingerprints.of(text))) {
                continue;
            }
            if (alignment.carry(pair, from, comment, comment.id(), AlignmentService.header(from, comment, ""))) {
                continue; // never carried before: it goes across as it now reads
            }
            boolean textUnchanged = stored.findById(comment.id())
                    .map(original -> Fingerprints.of(original.body()).equals(Fingerprints.of(text))).orElse(false);
            if (textUnchanged) {
                continue; // an edit of its visibility only
            }
            Instant editedAt = comment.source() == null ? null : comment.source().updatedAt();
            String suffix = ", edited" + (editor == null || editor.equals(comment.author()) ? "" : " by " + editor)
                    + (editedAt == null ? "" : " at " + editedAt);
            alignment.carry(pair, from, comment, comment.id() + ":edit:" + Fingerprints.of(text),
                    AlignmentService.header(from, comment, suffix));
        }
    }

    void recordDeletions(Pair pair, SourceSystem from, String actor, List<Comment> deleted) {
        for (Comment comment : deleted) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("comment", comment.id());
            detail.put("system", from.code());
            detail.put("author", comment.author());
            detail.put("deletedBy", actor);
            carries.carriedTo(comment.id()).ifPresent(copy -> detail.put("copyLeftInPlace", copy));
            carries.originOf(comment.id()).ifPresent(origin -> detail.put("copyOf", origin));
            audit.record(actor == null ? from.code() : actor, "alignment.comment-deleted", pair.id(), detail);
        }
    }
}
