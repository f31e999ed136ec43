package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.StatusChange;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryAndCommentsTest {

    private final DataSource dataSource = TestDatabase.dataSource();
    private final CommentRepository comments = new CommentRepository(dataSource);
    private final StatusChangeRepository changes = new StatusChangeRepository(dataSource);

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("comment", "status_change");
    }

    @Test
    void sameSourceCommentIsStoredOnceEvenUnderAnotherId() {
        Comment comment = ModelFixtures.comment();
        Comment echo = new Comment("scrumops:comment:other", comment.workItemId(), comment.source(), "bridge",
                comment.body(), comment.visibility(), comment.createdAt());

        assertThat(comments.insertIfAbsent(comment)).isTrue();
        assertThat(comments.insertIfAbsent(comment)).isFalse();
        assertThat(comments.insertIfAbsent(echo)).isFalse();

        assertThat(comments.findByWorkItem(comment.workItemId())).containsExactly(comment);
    }

    @Test
    void replayedHistoryIsRecordedOnce() {
        StatusChange change = ModelFixtures.statusChange();

        assertThat(changes.record(change)).isTrue();
        assertThat(changes.record(change)).isFalse();

        assertThat(changes.findByWorkItem(change.workItemId())).containsExactly(change);
    }
}
