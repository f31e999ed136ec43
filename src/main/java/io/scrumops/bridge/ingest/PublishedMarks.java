package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects "this inbox record reached Kafka" marks and writes them in one statement per flush instead of one
 * transaction per webhook. The marks are bookkeeping only: one lost in a crash leaves its record RECEIVED, and the
 * relay publishes it again, which consumers shrug off.
 */
@Component("publishedMarks")
public class PublishedMarks {

    static final int STATEMENT_SIZE = 1_000;

    private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
    private final InboxRepository inbox;
    private final TransactionTemplate transaction;

    public PublishedMarks(InboxRepository inbox, TransactionTemplate transaction) {
        this.inbox = inbox;
        this.transaction = transaction;
    }

    public void add(long inboxId) {
        pending.add(inboxId);
    }

    /** @return how many records became PUBLISHED */
    public int flush() {
        int marked = 0;
        List<Long> batch = next();
        while (!batch.isEmpty()) {
            List<Long> ids = batch;
            marked += transaction.execute(status -> {
                inbox.relaxCommitDurability();
                return inbox.markPublished(ids);
            });
            batch = next();
        }
        return marked;
    }

    private List<Long> next() {
        List<Long> batch = new ArrayList<>();
        Long id;
        while (batch.size() < STATEMENT_SIZE && (id = pending.poll()) != null) {
            batch.add(id);
        }
        return batch;
    }
}
