package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.InboxStatus;
import io.scrumops.bridge.store.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedMarksTest {

    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());
    private final PublishedMarks marks = new PublishedMarks(inbox,
            new TransactionTemplate(new DataSourceTransactionManager(TestDatabase.dataSource())));

    @BeforeEach
    void emptyInbox() {
        TestDatabase.truncate("inbox");
    }

    @Test
    void marksMoreRecordsThanOneStatementHoldsAndNothingTwice() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < PublishedMarks.STATEMENT_SIZE + 7; i++) {
            long id = inbox.receive("jira", "jira:issue_updated", "k" + i, Map.of(), "{}").id();
            ids.add(id);
            marks.add(id);
        }

        assertThat(marks.flush()).isEqualTo(ids.size());
        assertThat(marks.flush()).isZero();
        assertThat(inbox.findByStatus(InboxStatus.RECEIVED, java.time.Instant.now().plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void aMarkArrivingAfterTheRecordWasProcessedLeavesItProcessed() {
        long id = inbox.receive("jira", "jira:issue_updated", "late", Map.of(), "{}").id();
        inbox.markProcessed(id);
        marks.add(id);

        assertThat(marks.flush()).isZero();
        assertThat(inbox.findById(id)).map(InboxRecord::status).contains(InboxStatus.PROCESSED);
    }
}
