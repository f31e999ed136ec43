package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InboxRepositoryTest {

    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("inbox");
    }

    @Test
    void storesTheRawRecordAsReceived() {
        InboxReceipt receipt = inbox.receive("jira", "jira:issue_updated", "jira-webhook:abc-123",
                Map.of("X-Atlassian-Webhook-Identifier", "abc-123"), "{\"issue\":{\"key\":\"OPS-1\"}}");

        InboxRecord record = inbox.findById(receipt.id()).orElseThrow();
        assertThat(receipt.duplicate()).isFalse();
        assertThat(record.source()).isEqualTo("jira");
        assertThat(record.eventType()).isEqualTo("jira:issue_updated");
        assertThat(record.headers()).containsEntry("X-Atlassian-Webhook-Identifier", "abc-123");
        assertThat(record.body()).isEqualTo("{\"issue\":{\"key\":\"OPS-1\"}}");
        assertThat(record.status()).isEqualTo(InboxStatus.RECEIVED);
        assertThat(record.receivedAt()).isNotNull();
    }

    @Test
    void secondDeliveryWithSameDedupKeyIsReportedAsDuplicate() {
        InboxReceipt first = inbox.receive("jira", "jira:issue_updated", "jira-webhook:abc-123", Map.of(), "first");

        InboxReceipt second = inbox.receive("jira", "jira:issue_updated", "jira-webhook:abc-123", Map.of(), "second");

        assertThat(second.duplicate()).isTrue();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(inbox.findById(first.id()).orElseThrow().body()).isEqualTo("first");
    }

    @Test
    void lateAcknowledgementDoesNotHideThatTheRecordWasProcessed() {
        long id = inbox.receive("servicenow", "incident", "sn:incident:1:7", Map.of(), "{}").id();

        inbox.markProcessed(id);

        assertThat(inbox.markPublished(List.of(id))).isZero();
        InboxRecord record = inbox.findById(id).orElseThrow();
        assertThat(record.status()).isEqualTo(InboxStatus.PROCESSED);
        assertThat(record.processedAt()).isNotNull();
    }

    @Test
    void unpublishedRecordsAreFoundForRepublishing() {
        long waiting = inbox.receive("jira", "jira:issue_created", "k1", Map.of(), "{}").id();
        long published = inbox.receive("jira", "jira:issue_created", "k2", Map.of(), "{}").id();
        inbox.markPublished(List.of(published));

        assertThat(inbox.findByStatus(InboxStatus.RECEIVED, Instant.now().plusSeconds(1), 10))
                .extracting(InboxRecord::id).containsExactly(waiting);
    }
}
