package io.scrumops.bridge.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A consumer's poll batch stored in one transaction, seen from the store: what the batch's records are about is read
 * ahead in one query per table ({@code prefetch} of the repositories), and the rows the records only add (history,
 * field fingerprints, links, audit entries) are held and written in one statement per table when the batch ends.
 *
 * <p>Reads stay exact within the transaction: a repository that holds rows back writes them before it answers any
 * question about its table that the read-ahead does not answer, so each record sees what the records before it
 * wrote, as when they were written one at a time. A row refused when it is written (a broken constraint) fails the
 * whole batch, which the consumer then stores record by record, without a batch, to find the record at fault.
 *
 * <p>Bound to the thread that stores the batch; without one (webhook receipt, write-back, the console, the
 * record-by-record path) every repository reads and writes at once, as before.
 */
public final class StoreBatch {

    private static final ThreadLocal<StoreBatch> CURRENT = new ThreadLocal<>();

    private final Map<Object, Held<?>> held = new LinkedHashMap<>();
    private final Map<Object, Map<Object, Object>> readAhead = new HashMap<>();
    private final Map<Object, Deferred> deferred = new LinkedHashMap<>();
    private boolean writingDeferred;

    private StoreBatch() {
    }

    /**
     * Runs {@code work} (inside the caller's transaction) with a batch bound to this thread, then writes what the
     * batch held back. Nothing held back survives a failure: the transaction rolls back anyway.
     */
    public static <T> T within(Supplier<T> work) {
        if (CURRENT.get() != null) {
            return work.get();
        }
        StoreBatch batch = new StoreBatch();
        CURRENT.set(batch);
        try {
            T result = work.get();
            batch.flushAll();
            return result;
        } finally {
            CURRENT.remove();
        }
    }

    /** The batch bound to this thread, or null. */
    static StoreBatch current() {
        return CURRENT.get();
    }

    /**
     * Holds {@code row} back until the batch ends or its table is read; {@code writer} writes the rows held, in the
     * order they came. Without a batch the row is written at once.
     */
    static <T> void hold(Object table, T row, Consumer<List<T>> writer) {
        StoreBatch batch = CURRENT.get();
        if (batch == null) {
            writer.accept(List.of(row));
            return;
        }
        @SuppressWarnings("unchecked")
        Held<T> rows = (Held<T>) batch.held.computeIfAbsent(table, key -> new Held<>(writer));
        rows.rows.add(row);
    }

    /** Writes what is held back for {@code table}: called before the table is read or changed otherwise. */
    static void flush(Object table) {
        StoreBatch batch = CURRENT.get();
        if (batch != null) {
            Held<?> rows = batch.held.get(table);
            if (rows != null) {
                rows.write();
            }
        }
    }

    /**
     * What was read ahead for {@code table} (key -> answer, an absent answer stored as such); null without a batch.
     * The repositories keep these answers true for the rest of the batch.
     */
    public static Map<Object, Object> readAhead(Object table) {
        StoreBatch batch = CURRENT.get();
        return batch == null ? null : batch.readAhead.computeIfAbsent(table, key -> new HashMap<>());
    }

    /**
     * Defers {@code writer} until the next statement that anything else runs on {@code connection} (the batch's own
     * connection, through {@link StoreBatchDataSource}), or the batch's end, whichever comes first; a writer already
     * deferred under {@code key} stays as it is (the caller keeps its rows). Answers false, deferring nothing, without
     * a batch or when {@code connection} does not announce its statements: the caller writes at once. What a writer
     * defers this way is invisible to every statement, so what it changes must be answered from the batch's
     * read-ahead: used for the work item upsert, whose table many queries and triggers read.
     */
    static boolean deferUntilNextStatement(Object key, Object connection, Runnable writer) {
        StoreBatch batch = CURRENT.get();
        if (batch == null || !StoreBatchDataSource.announces(connection)) {
            return false;
        }
        Deferred existing = batch.deferred.get(key);
        if (existing != null && existing.connection != connection) {
            return false;
        }
        if (existing == null) {
            batch.deferred.put(key, new Deferred(connection, writer));
        }
        return true;
    }

    /** Whether a writer is deferred under {@code key} in the batch bound to this thread. */
    static boolean isDeferred(Object key) {
        StoreBatch batch = CURRENT.get();
        return batch != null && batch.deferred.containsKey(key);
    }

    /**
     * Called by {@link StoreBatchDataSource} before a statement is prepared on {@code connection}: writes what was
     * deferred on that connection first, so the statement sees it.
     */
    static void beforeStatement(Object connection) {
        StoreBatch batch = CURRENT.get();
        if (batch == null || batch.writingDeferred || batch.deferred.isEmpty()) {
            return;
        }
        batch.writeDeferred(connection);
    }

    private void writeDeferred(Object connection) {
        writingDeferred = true;
        try {
            List<Runnable> writers = new ArrayList<>();
            var each = deferred.values().iterator();
            while (each.hasNext()) {
                Deferred writer = each.next();
                if (connection == null || writer.connection == connection) {
                    each.remove();
                    writers.add(writer.writer);
                }
            }
            writers.forEach(Runnable::run);
        } finally {
            writingDeferred = false;
        }
    }

    private void flushAll() {
        writeDeferred(null);
        // writing one table may hold nothing back, but go round until every table is written
        for (Held<?> rows : new ArrayList<>(held.values())) {
            rows.write();
        }
    }

    private record Deferred(Object connection, Runnable writer) {
    }

    private static final class Held<T> {
        private final Consumer<List<T>> writer;
        private final List<T> rows = new ArrayList<>();

        Held(Consumer<List<T>> writer) {
            this.writer = writer;
        }

        void write() {
            if (rows.isEmpty()) {
                return;
            }
            List<T> batch = new ArrayList<>(rows);
            rows.clear();
            writer.accept(batch);
        }
    }
}
