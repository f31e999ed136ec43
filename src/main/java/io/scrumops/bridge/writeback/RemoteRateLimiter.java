package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces calls to one remote system evenly at a fixed rate, and holds all of them back after the remote said when
 * to come back (429 with Retry-After or a rate-limit reset). A call that would wait longer than {@code maxWait} is
 * refused instead, so that its command is deferred through the outbox rather than holding the writer thread.
 */
public class RemoteRateLimiter {

    private final SourceSystem system;
    private final long intervalNanos;
    private final Duration maxWait;
    private final Clock clock;
    private long nextSlotNanos = System.nanoTime();
    private Instant pausedUntil = Instant.MIN;

    public RemoteRateLimiter(SourceSystem system, double permitsPerSecond, Duration maxWait, Clock clock) {
        this.system = system;
        this.intervalNanos = (long) (1_000_000_000L / Math.max(permitsPerSecond, 0.001));
        this.maxWait = maxWait;
        this.clock = clock;
    }

    public void acquire(String operation) {
        long waitNanos;
        synchronized (this) {
            Instant now = clock.instant();
            if (pausedUntil.isAfter(now)) {
                throw new RemoteWriteException(system, operation, 429, false, pausedUntil,
                        "held back: the remote asked to wait until " + pausedUntil);
            }
            long nowNanos = System.nanoTime();
            long slot = Math.max(nextSlotNanos, nowNanos);
            waitNanos = slot - nowNanos;
            if (waitNanos > maxWait.toNanos()) {
                throw new RemoteWriteException(system, operation, 429, false, now.plusNanos(waitNanos),
                        "held back by the local rate limit");
            }
            nextSlotNanos = slot + intervalNanos;
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the " + system.code() + " rate limit", e);
            }
        }
    }

    public synchronized void pauseUntil(Instant until) {
        if (until != null && until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }
}
