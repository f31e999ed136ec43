package io.scrumops.bridge.config;

import io.scrumops.bridge.store.JobLeaseRepository;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one instance of a cluster run each scheduled job: the scheduled routes ask {@link #holds} first and skip the
 * run when another instance holds the job. A lease lasts three periods of its job (at least 30 s), so the holder
 * renews it on every run and another instance takes over within three periods once the holder is gone. Stopping
 * releases this instance's leases at once.
 */
@Component("jobLeases")
public class JobLeases {

    private static final Logger log = LoggerFactory.getLogger(JobLeases.class);
    private static final Duration SHORTEST = Duration.ofSeconds(30);

    private final JobLeaseRepository repository;
    private final String owner = hostName() + "/" + UUID.randomUUID();
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();

    public JobLeases(JobLeaseRepository repository) {
        this.repository = repository;
    }

    /** True when this instance holds (takes or renews) the lease of {@code job}, which runs every {@code periodMs}. */
    public boolean holds(String job, long periodMs) {
        Duration ttl = Duration.ofMillis(periodMs).multipliedBy(3);
        boolean holds;
        try {
            holds = repository.acquire(job, owner, ttl.compareTo(SHORTEST) < 0 ? SHORTEST : ttl);
        } catch (RuntimeException e) {
            log.warn("Lease of {} not checked, the run is skipped: {}", job, e.getMessage());
            holds = false;
        }
        Boolean before = held.put(job, holds);
        if (before == null || before != holds) {
            log.info(holds ? "{} runs scheduled job {}" : "{} leaves scheduled job {} to the instance holding it", owner,
                    job);
        }
        return holds;
    }

    /** The routes' form of {@link #holds}: true when this instance must skip the run. */
    public boolean skip(String job, long periodMs) {
        return !holds(job, periodMs);
    }

    @PreDestroy
    public void releaseAll() {
        try {
            repository.releaseAll(owner);
        } catch (RuntimeException e) {
            log.warn("Leases of {} not released, they lapse on their own: {}", owner, e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
