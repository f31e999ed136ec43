package io.scrumops.bridge.ingest;

import io.scrumops.bridge.adapter.servicenow.ServiceNowQueryValues;
import io.scrumops.bridge.store.BackfillJobRepository;
import io.scrumops.bridge.store.BackfillJobRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs backfills one at a time in the background and keeps their progress in PostgreSQL (table backfill_job), page
 * by page, so that a job can be read after a restart. While a job is queued or running, its process refreshes the
 * job's heartbeat; a job whose heartbeat is older than {@code staleAfter} was interrupted (its process ended) and is
 * marked INTERRUPTED. Such a job is not resumed: started again, what it already imported comes back as duplicates.
 */
@Component
public class BackfillJobs {

    public enum State { QUEUED, RUNNING, DONE, FAILED, INTERRUPTED }

    /** @param resumeFrom where a resumed run would start; @param resumes the job this one resumes */
    public record Status(String id, String source, String scope, State state, int pages, int records, int accepted,
                         int duplicates, int refused, Instant queuedAt, Instant startedAt, Instant finishedAt,
                         String error, String resumeFrom, String resumes) {

        static Status of(BackfillJobRow row) {
            return new Status(row.id(), row.source(), row.scope(), State.valueOf(row.state()), row.pages(),
                    row.accepted() + row.duplicates() + row.refused(), row.accepted(), row.duplicates(),
                    row.refused(), row.queuedAt(), row.startedAt(), row.finishedAt(), row.error(), row.resumeFrom(),
                    row.resumes());
        }
    }

    private static final Logger log = LoggerFactory.getLogger(BackfillJobs.class);

    private final String owner = UUID.randomUUID().toString();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "scrumops-backfill");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "scrumops-backfill-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final JiraReconciler jira;
    private final ServiceNowPoller serviceNow;
    private final BackfillJobRepository repository;
    private final Duration staleAfter;
    private final Clock clock;
    private volatile boolean stopping;

    public BackfillJobs(JiraReconciler jira, ServiceNowPoller serviceNow, BackfillJobRepository repository,
                        @Value("${scrumops.backfill.stale-after:PT2M}") Duration staleAfter, Clock clock) {
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.repository = repository;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /**
     * Stops the heartbeat and the running job with the application. A job cut short is left as it was last saved,
     * so that it reads as INTERRUPTED once its heartbeat is stale, not as failed.
     */
    @PreDestroy
    public void stop() {
        stopping = true;
        heartbeat.shutdownNow();
        runner.shutdownNow();
    }

    /** Refreshes this process's jobs and marks the jobs of ended processes, a few times per {@code staleAfter}. */
    @EventListener(ApplicationReadyEvent.class)
    public void startHeartbeat() {
        long periodMs = Math.max(1000L, staleAfter.toMillis() / 4);
        heartbeat.scheduleWithFixedDelay(this::beat, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    void beat() {
        try {
            Instant now = clock.instant();
            repository.heartbeat(owner, now);
            markInterrupted(now);
        } catch (RuntimeException e) {
            log.warn("Backfill heartbeat failed, tried again shortly: {}", e.getMessage());
        }
    }

    /** Checks the request at once (a bad one is refused, not queued) and queues the import. */
    public Status start(InboundSource source, String scope) {
        return queue(source, scope, null, null);
    }

    /**
     * Queues a new job that imports what an interrupted or failed one had not read yet, from its last saved position
     * on. Records around that position are read again and come back as duplicates.
     *
     * @throws java.util.NoSuchElementException no such job
     * @throws IllegalStateException            the job is not interrupted or failed, or saved no position
     */
    public Status resume(String id) {
        markInterrupted(clock.instant());
        BackfillJobRow earlier = repository.find(id).orElseThrow(() -> new java.util.NoSuchElementException(
                "no backfill " + id));
        State state = State.valueOf(earlier.state());
        if (state != State.INTERRUPTED && state != State.FAILED) {
            throw new IllegalStateException("backfill " + id + " is " + state + "; only an interrupted or failed one"
                    + " can be resumed");
        }
        if (earlier.resumeFrom() == null) {
            throw new IllegalStateException("backfill " + id + " read nothing before it ended; start it again");
        }
        return queue(InboundSource.of(earlier.source()), earlier.scope(), earlier.resumeFrom(), id);
    }

    private Status queue(InboundSource source, String scope, String resumeFrom, String resumes) {
        Consumer<BackfillProgress> work = switch (source) {
            case JIRA -> {
                JiraReconciler.requireProjectKey(scope);
                requireConfigured(jira.isEnabled(), "jira", "scrumops.jira.base-url");
                yield progress -> jira.backfill(scope, resumeFrom, progress);
            }
            case SERVICENOW -> {
                if (scope == null || scope.isBlank()) {
                    throw new IllegalArgumentException("servicenow backfill needs assignmentGroup");
                }
                ServiceNowQueryValues.group(scope);
                requireConfigured(serviceNow.isEnabled(), "servicenow", "scrumops.servicenow.instance-url");
                yield progress -> serviceNow.backfill(scope, resumeFrom, progress);
            }
            case DEPLOYMENT -> throw new IllegalArgumentException("backfill is offered for jira and servicenow only");
        };
        Job job = new Job(UUID.randomUUID().toString(), source.code(), scope, clock.instant(), resumeFrom, resumes);
        repository.insert(job.row());
        runner.submit(() -> job.run(work));
        log.info("Backfill {} queued: {} {}{}", job.id, job.source, job.scope,
                resumes == null ? "" : ", resuming " + resumes + " from " + resumeFrom);
        return Status.of(job.row());
    }

    /** The latest jobs, newest first. */
    public List<Status> recent(int limit) {
        return repository.recent(limit).stream().map(Status::of).toList();
    }

    public Optional<Status> find(String id) {
        markInterrupted(clock.instant());
        return repository.find(id).map(Status::of);
    }

    private void markInterrupted(Instant now) {
        int interrupted = repository.markInterrupted(owner, now.minus(staleAfter), now);
        if (interrupted > 0) {
            log.warn("{} backfill job(s) marked INTERRUPTED: the bridge process running them stopped", interrupted);
        }
    }

    private static void requireConfigured(boolean configured, String system, String key) {
        if (!configured) {
            throw new IllegalStateException(system + " is not connected (" + key + " is blank)");
        }
    }

    private final class Job implements BackfillProgress {
        final String id;
        final String source;
        final String scope;
        final Instant queuedAt;
        volatile State state = State.QUEUED;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile String error;
        volatile String resumeFrom;
        final String resumes;
        final AtomicInteger pages = new AtomicInteger();
        final AtomicInteger pagesBefore = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        Job(String id, String source, String scope, Instant queuedAt, String resumeFrom, String resumes) {
            this.id = id;
            this.source = source;
            this.scope = scope;
            this.queuedAt = queuedAt;
            this.resumeFrom = resumeFrom;
            this.resumes = resumes;
        }

        void run(Consumer<BackfillProgress> work) {
            try {
                state = State.RUNNING;
                startedAt = clock.instant();
                save();
                work.accept(this);
                state = State.DONE;
                log.info("Backfill {} done: {} pages, {} records ({} new, {} already held, {} refused)", id,
                        pages.get(), records(), accepted.get(), duplicates.get(), refused.get());
            } catch (RuntimeException e) {
                if (stopping) {
                    log.warn("Backfill {} cut short by the bridge stopping after {} pages, {} records", id,
                            pages.get(), records());
                    return;
                }
                error = e.getMessage();
                state = State.FAILED;
                log.warn("Backfill {} failed after {} pages, {} records: {}", id, pages.get(), records(), error);
            }
            finishedAt = clock.instant();
            try {
                save();
            } catch (RuntimeException e) {
                log.warn("Backfill {} ended {} but could not be stored: {}", id, state, e.getMessage());
            }
        }

        /** Page counts restart with every table of a ServiceNow backfill; the job adds them up. */
        @Override
        public void page(int pagesOfThisSweep, int records) {
            if (pagesOfThisSweep == 1) {
                pagesBefore.set(pages.get());
            }
            pages.set(pagesBefore.get() + pagesOfThisSweep);
            save();
        }

        /** Saved with the page that follows (each page is saved). */
        @Override
        public void checkpoint(String position) {
            resumeFrom = position;
        }

        @Override
        public void record(InboundFeed.Receipt receipt) {
            switch (receipt.outcome()) {
                case ACCEPTED -> accepted.incrementAndGet();
                case DUPLICATE -> duplicates.incrementAndGet();
                case REFUSED -> refused.incrementAndGet();
            }
        }

        int records() {
            return accepted.get() + duplicates.get() + refused.get();
        }

        private void save() {
            if (!repository.update(row())) {
                log.warn("Backfill {} was marked interrupted while it ran (its heartbeat stalled); progress not stored",
                        id);
            }
        }

        BackfillJobRow row() {
            return new BackfillJobRow(id, source, scope, state.name(), pages.get(), accepted.get(), duplicates.get(),
                    refused.get(), error, owner, queuedAt, startedAt, finishedAt, clock.instant(), resumeFrom,
                    resumes);
        }
    }
}
