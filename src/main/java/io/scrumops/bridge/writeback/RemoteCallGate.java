package io.scrumops.bridge.writeback;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every call to one remote system passes first: the system's resilience4j rate limiter, which spaces calls
 * evenly at the configured rate, and a pause that holds all of them back once the remote said when to come back
 * (429 with Retry-After, or a rate-limit budget used up until X-RateLimit-Reset). A call that would wait longer than
 * {@code maxWait} for a permit is refused instead, so that its command is deferred through the outbox rather than
 * holding the writer thread.
 */
public class RemoteCallGate {

    private final SourceSystem system;
    private final RateLimiter limiter;
    private final Clock clock;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);

    public RemoteCallGate(SourceSystem system, double callsPerSecond, Duration maxWait, Clock clock) {
        this.system = system;
        this.limiter = RateLimiter.of(system.code(), evenlySpaced(callsPerSecond, maxWait));
        this.clock = clock;
    }

    /** One permit per period of 1 / rate: calls are spaced evenly instead of bursting at the start of a second. */
    static RateLimiterConfig evenlySpaced(double callsPerSecond, Duration maxWait) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("calls per second must be above 0, was " + callsPerSecond);
        }
        long periodNanos = Math.max(1L, Math.round(1_000_000_000d / callsPerSecond));
        return RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(maxWait)
                .build();
    }

    public SourceSystem system() {
        return system;
    }

    /** Waits for a permit; throws {@link RemoteCallHeldBack} while the system is paused or when the wait is too long. */
    public void enter(String operation) {
        Optional<Instant> paused = pausedUntil();
        if (paused.isPresent()) {
            throw new RemoteCallHeldBack(system, operation, paused.get(),
                    "held back: " + system.code() + " asked to wait until " + paused.get());
        }
        if (!limiter.acquirePermission()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting for the " + system.code() + " rate limit");
            }
            throw new RemoteCallHeldBack(system, operation, clock.instant().plusNanos(nanosToNextPermit()),
                    "held back by the local rate limit of " + system.code());
        }
    }

    /** Holds every later call to the system back until {@code until}; a later pause already in force stays. */
    public void pauseUntil(Instant until) {
        if (until != null) {
            pausedUntil.accumulateAndGet(until, (current, asked) -> asked.isAfter(current) ? asked : current);
        }
    }

    /** When the remote said to come back, while that is still ahead. */
    public Optional<Instant> pausedUntil() {
        Instant until = pausedUntil.get();
        return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
    }

    RateLimiter limiter() {
        return limiter;
    }

    private long nanosToNextPermit() {
        if (limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics) {
            return Math.max(metrics.getNanosToWait(), limiter.getRateLimiterConfig().getTimeoutDuration().toNanos());
        }
        return limiter.getRateLimiterConfig().getTimeoutDuration().toNanos();
    }
}
