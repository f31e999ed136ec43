package io.scrumops.bridge.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs backfills one at a time in the background and keeps their progress for the API. Progress lives in memory:
 * a backfill interrupted by a restart is simply started again (what it already imported comes back as duplicates).
 */
@Component
public class BackfillJobs {

    public enum State { QUEUED, RUNNING, DONE, FAILED }

    public record Status(String id, String source, String scope, State state, int pages, int records, int accepted,
                         int duplicates, int refused, Instant queuedAt, Instant finishedAt, String error) {
    }

    private static final Logger log = LoggerFactory.getLogger(BackfillJobs.class);

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "scrumops-backfill");
        thread.setDaemon(true);
        return thread;
    });
    private final JiraReconciler jira;
    private final ServiceNowPoller serviceNow;
    private final Clock clock;

    public BackfillJobs(JiraReconciler jira, ServiceNowPoller serviceNow, Clock clock) {
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.clock = clock;
    }

    /** Checks the request at once (a bad one is refused, not queued) and queues the import. */
    public Status start(InboundSource source, String scope) {
        Consumer<BackfillProgress> work = switch (source) {
            case JIRA -> {
                JiraReconciler.requireProjectKey(scope);
                requireConfigured(jira.isEnabled(), "jira", "scrumops.jira.base-url");
                yield progress -> jira.backfill(scope, progress);
            }
            case SERVICENOW -> {
                if (scope == null || scope.isBlank()) {
                    throw new IllegalArgumentException("servicenow backfill needs assignmentGroup");
                }
                requireConfigured(serviceNow.isEnabled(), "servicenow", "scrumops.servicenow.instance-url");
                yield progress -> serviceNow.backfill(scope, progress);
            }
            case DEPLOYMENT -> throw new IllegalArgumentException("backfill is offered for jira and servicenow only");
        };
        Job job = new Job(UUID.randomUUID().toString(), source.code(), scope, clock.instant());
        jobs.put(job.id, job);
        runner.submit(() -> job.run(work));
        log.info("Backfill {} queued: {} {}", job.id, job.source, job.scope);
        return job.status();
    }

    public Optional<Status> find(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::status);
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
        volatile Instant finishedAt;
        volatile String error;
        final AtomicInteger pages = new AtomicInteger();
        final AtomicInteger pagesBefore = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        Job(String id, String source, String scope, Instant queuedAt) {
            this.id = id;
            this.source = source;
            this.scope = scope;
            this.queuedAt = queuedAt;
        }

        void run(Consumer<BackfillProgress> work) {
            state = State.RUNNING;
            try {
                work.accept(this);
                state = State.DONE;
                log.info("Backfill {} done: {} pages, {} records ({} new, {} already held, {} refused)", id,
                        pages.get(), records(), accepted.get(), duplicates.get(), refused.get());
            } catch (RuntimeException e) {
                error = e.getMessage();
                state = State.FAILED;
                log.warn("Backfill {} failed after {} pages, {} records: {}", id, pages.get(), records(), error);
            } finally {
                finishedAt = clock.instant();
            }
        }

        /** Page counts restart with every table of a ServiceNow backfill; the job adds them up. */
        @Override
        public void page(int pagesOfThisSweep, int records) {
            if (pagesOfThisSweep == 1) {
                pagesBefore.set(pages.get());
            }
            pages.set(pagesBefore.get() + pagesOfThisSweep);
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

        Status status() {
            return new Status(id, source, scope, state, pages.get(), records(), accepted.get(), duplicates.get(),
                    refused.get(), queuedAt, finishedAt, error);
        }
    }
}
