package io.scrumops.bridge.ingest;

import io.scrumops.bridge.adapter.servicenow.ServiceNowPollProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the next ServiceNow poll may run after reads were answered 429: a pause that doubles with every 429 in a
 * row (at least; a Retry-After given holds polling back through the ServiceNow gate), and ends the count once a
 * poll gets through.
 */
final class ServiceNowReadPause {

    private final ServiceNowPollProperties settings;
    private Instant until = Instant.MIN;
    private int inARow;

    ServiceNowReadPause(ServiceNowPollProperties settings) {
        this.settings = settings;
    }

    synchronized Optional<Instant> until(Instant now) {
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    /** Records one more 429 and returns the pause it earns. */
    synchronized Duration rateLimited(Instant now) {
        inARow++;
        Duration pause = settings.rateLimitedPause(inARow);
        until = now.plus(pause);
        return pause;
    }

    synchronized int inARow() {
        return inARow;
    }

    synchronized void gotThrough() {
        inARow = 0;
    }
}
