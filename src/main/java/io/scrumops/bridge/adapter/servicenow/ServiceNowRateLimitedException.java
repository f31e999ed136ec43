package io.scrumops.bridge.adapter.servicenow;

import java.time.Instant;
import java.util.Optional;

/**
 * ServiceNow answered a Table API read with 429, or the read was held back by a pause ServiceNow asked for.
 * {@link #retryNotBefore()} is when ServiceNow said to come back, when it said; {@link #readBefore()} is what the
 * sweep had read before it was refused.
 */
public class ServiceNowRateLimitedException extends RuntimeException {

    private final String table;
    private final Instant retryNotBefore;
    private final transient ServiceNowTableSweep.Result readBefore;

    public ServiceNowRateLimitedException(String table, String message, Instant retryNotBefore, Throwable cause) {
        this(table, message, retryNotBefore, cause, null);
    }

    private ServiceNowRateLimitedException(String table, String message, Instant retryNotBefore, Throwable cause,
                                           ServiceNowTableSweep.Result readBefore) {
        super(message, cause);
        this.table = table;
        this.retryNotBefore = retryNotBefore;
        this.readBefore = readBefore;
    }

    /** The same refusal, with what the sweep read before it. */
    ServiceNowRateLimitedException after(ServiceNowTableSweep.Result read) {
        return new ServiceNowRateLimitedException(table, getMessage(), retryNotBefore, getCause(), read);
    }

    /** When ServiceNow said to come back (Retry-After, X-RateLimit-Reset); empty when it did not say. */
    public Optional<Instant> retryNotBefore() {
        return Optional.ofNullable(retryNotBefore);
    }

    public String table() {
        return table;
    }

    /** Pages and records read before the refusal and the last record taken; null when refused outside a sweep. */
    public ServiceNowTableSweep.Result readBefore() {
        return readBefore;
    }
}
