package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.InboxReceipt;
import io.scrumops.bridge.store.InboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of the webhooks' inbox inserts: the records of concurrent requests go into the inbox in one statement
 * and one commit, and each request is answered only once the commit that holds its record returned (durable as
 * before). A writer takes whatever is waiting when it is free, so a lone request is written at once (no wait to fill a
 * batch) and under load the records that arrived during one commit share the next. One commit per request was a WAL
 * flush, a round trip and a statement each, the larger part of PostgreSQL's CPU per webhook.
 *
 * <p>A group the database refuses for the data of one record (not an outage) is written again record by record, so
 * each request gets its own answer, as it did when it wrote alone.
 */
@Component("inboxGroupCommit")
public class InboxGroupCommit implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(InboxGroupCommit.class);

    private final InboxRepository inbox;
    private final int maxRecords;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public InboxGroupCommit(InboxRepository inbox,
                            @Value("${scrumops.inbox.group-commit.writers:2}") int writers,
                            @Value("${scrumops.inbox.group-commit.max-records:200}") int maxRecords) {
        if (writers < 1 || maxRecords < 1) {
            throw new IllegalArgumentException("scrumops.inbox.group-commit.writers and max-records must be at least 1");
        }
        this.inbox = inbox;
        this.maxRecords = maxRecords;
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::write, "inbox-writer-" + i);
            writer.setDaemon(true);
            this.writers.add(writer);
            writer.start();
        }
    }

    /**
     * Stores the record (unless its dedup key is already held) and returns once it is committed.
     *
     * @throws RuntimeException what storing it threw (an outage, or the record's own fault)
     */
    public InboxReceipt receive(InboxRepository.NewRecord record) {
        Waiting waiting = new Waiting(record, new CompletableFuture<>());
        if (!running) {
            throw stopping();
        }
        queue.add(waiting);
        if (!running && queue.remove(waiting)) {
            throw stopping(); // the writers may be gone; whoever took it from the queue answers it otherwise
        }
        try {
            return waiting.receipt().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDataAccessResourceException("interrupted while the inbox stored the record", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("storing an inbox record failed", e.getCause());
        }
    }

    private void write() {
        List<Waiting> group = new ArrayList<>(maxRecords);
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxRecords - 1);
                store(group);
            } catch (InterruptedException e) {
                // stopping: the loop drains what is left
            } catch (Throwable unexpected) {
                LOG.error("Inbox writer failed a group of {} records", group.size(), unexpected);
                group.forEach(w -> w.receipt().completeExceptionally(unexpected));
            } finally {
                group.clear();
            }
        }
    }

    private void store(List<Waiting> group) {
        List<InboxRepository.NewRecord> records = new ArrayList<>(group.size());
        group.forEach(w -> records.add(w.record()));
        List<InboxReceipt> receipts;
        try {
            receipts = inbox.receiveAll(records);
        } catch (RuntimeException failure) {
            if (group.size() == 1 || FailureCause.isOutage(failure)) {
                group.forEach(w -> w.receipt().completeExceptionally(failure));
            } else {
                // one record's own fault spoiled the group: each on its own, so only that one is refused
                for (Waiting w : group) {
                    try {
                        w.receipt().complete(inbox.receiveAll(List.of(w.record())).get(0));
                    } catch (RuntimeException own) {
                        w.receipt().completeExceptionally(own);
                    }
                }
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).receipt().complete(receipts.get(i));
        }
    }

    /** Writes what is waiting, then stops; a request arriving later is answered as an outage (503, deliver again). */
    @Override
    public void destroy() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        Waiting left;
        while ((left = queue.poll()) != null) {
            left.receipt().completeExceptionally(stopping());
        }
    }

    private static RuntimeException stopping() {
        return new TransientDataAccessResourceException("the bridge is stopping; the inbox takes no more records");
    }

    private record Waiting(InboxRepository.NewRecord record, CompletableFuture<InboxReceipt> receipt) {
    }
}
