package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxReceipt;
import io.scrumops.bridge.store.InboxRecord;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboxGroupCommitTest {

    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());
    private final InboxGroupCommit groupCommit = new InboxGroupCommit(inbox, 1, 200);
    private final ExecutorService requests = Executors.newFixedThreadPool(16);

    @BeforeEach
    void emptyInbox() {
        TestDatabase.truncate("inbox");
    }

    @AfterEach
    void stop() throws InterruptedException {
        requests.shutdownNow();
        groupCommit.destroy();
    }

    @Test
    void concurrentRequestsEachGetTheirOwnStoredRecord() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<InboxReceipt>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String key = "jira:webhook:g" + i;
            String body = "{\"n\":" + i + "}";
            answers.add(requests.submit(() -> {
                start.await();
                return groupCommit.receive(new InboxRepository.NewRecord("jira", "jira:issue_updated", key,
                        Map.of("X-Atlassian-Webhook-Identifier", "g"), body));
            }));
        }
        start.countDown();

        for (int i = 0; i < 64; i++) {
            InboxReceipt receipt = answers.get(i).get(10, TimeUnit.SECONDS);
            assertThat(receipt.duplicate()).isFalse();
            InboxRecord stored = inbox.findById(receipt.id()).orElseThrow();
            assertThat(stored.dedupKey()).isEqualTo("jira:webhook:g" + i);
            assertThat(stored.body()).isEqualTo("{\"n\":" + i + "}");
            assertThat(stored.headers()).containsEntry("X-Atlassian-Webhook-Identifier", "g");
        }
        assertThat(storedRecords()).isEqualTo(64);
    }

    @Test
    void aRedeliveryIsAnsweredWithTheRecordAlreadyHeld() {
        InboxReceipt first = groupCommit.receive(record("jira:webhook:same", "{\"first\":true}"));

        InboxReceipt again = groupCommit.receive(record("jira:webhook:same", "{\"first\":false}"));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(inbox.findById(first.id()).orElseThrow().body()).isEqualTo("{\"first\":true}");
    }

    @Test
    void aKeyTwiceInOneStatementIsStoredOnceAndTheSecondIsADuplicate() {
        List<InboxReceipt> receipts = inbox.receiveAll(List.of(record("k:1", "{}"), record("k:2", "{}"),
                record("k:1", "{\"again\":1}")));

        assertThat(receipts.get(0).duplicate()).isFalse();
        assertThat(receipts.get(1).duplicate()).isFalse();
        assertThat(receipts.get(2).duplicate()).isTrue();
        assertThat(receipts.get(2).id()).isEqualTo(receipts.get(0).id());
        assertThat(receipts.get(1).id()).isNotEqualTo(receipts.get(0).id());
        assertThat(storedRecords()).isEqualTo(2);
    }

    @Test
    void aRecordTheDatabaseRefusesFailsAloneAndTheOthersOfItsGroupAreStored() throws Exception {
        // a header value jsonb cannot hold (a NUL escape) spoils the statement of whatever group it is in
        InboxRepository.NewRecord bad = new InboxRepository.NewRecord("jira", "jira:issue_updated", "k:bad",
                Map.of("User-Agent", "nul\u0000"), "{}");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<InboxReceipt>> good = new ArrayList<>();
        Future<InboxReceipt> refused = requests.submit(() -> {
            start.await();
            return groupCommit.receive(bad);
        });
        for (int i = 0; i < 20; i++) {
            InboxRepository.NewRecord record = record("k:good" + i, "{}");
            good.add(requests.submit(() -> {
                start.await();
                return groupCommit.receive(record);
            }));
        }
        start.countDown();

        for (Future<InboxReceipt> answer : good) {
            assertThat(answer.get(10, TimeUnit.SECONDS).duplicate()).isFalse();
        }
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
        assertThat(storedRecords()).isEqualTo(20);
    }

    @Test
    void aStoppedWriterAnswersAsAnOutage() throws InterruptedException {
        groupCommit.destroy();

        assertThatThrownBy(() -> groupCommit.receive(record("k:late", "{}")))
                .isInstanceOf(org.springframework.dao.TransientDataAccessResourceException.class);
        assertThat(storedRecords()).isZero();
    }

    private static int storedRecords() {
        return new org.springframework.jdbc.core.JdbcTemplate(TestDatabase.dataSource())
                .queryForObject("select count(*) from inbox", Integer.class);
    }

    private static InboxRepository.NewRecord record(String key, String body) {
        return new InboxRepository.NewRecord("jira", "jira:issue_updated", key, Map.of(), body);
    }
}
