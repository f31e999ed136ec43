package io.scrumops.bridge.adapter.servicenow;

/**
 * ServiceNow answered a Table API read with 429. camel-servicenow keeps the status but not the response headers, so
 * when to come back is not known here. {@link #readBefore()} is what the sweep had read before it was refused.
 */
public class ServiceNowRateLimitedException extends RuntimeException {

    private final String table;
    private final transient ServiceNowTableSweep.Result readBefore;

    public ServiceNowRateLimitedException(String table, String message, Throwable cause) {
        this(table, message, cause, null);
    }

    private ServiceNowRateLimitedException(String table, String message, Throwable cause,
                                           ServiceNowTableSweep.Result readBefore) {
        super(message, cause);
        this.table = table;
        this.readBefore = readBefore;
    }

    /** The same refusal, with what the sweep read before it. */
    ServiceNowRateLimitedException after(ServiceNowTableSweep.Result read) {
        return new ServiceNowRateLimitedException(table, getMessage(), getCause(), read);
    }

    public String table() {
        return table;
    }

    /** Pages and records read before the refusal and the last record taken; null when refused outside a sweep. */
    public ServiceNowTableSweep.Result readBefore() {
        return readBefore;
    }
}
