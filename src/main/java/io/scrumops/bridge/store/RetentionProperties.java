package io.scrumops.bridge.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long bookkeeping rows are kept once they have done their job. Work items, links, history, the outbox (its
 * idempotency keys guard against writing twice) and the audit log are kept.
 *
 * @param inbox             processed inbox records (raw webhook and poll payloads)
 * @param slaAnnouncements  SLA events already published
 */
@ConfigurationProperties("scrumops.retention")
public record RetentionProperties(Duration inbox, Duration slaAnnouncements) {

    public RetentionProperties {
        inbox = inbox == null ? Duration.ofDays(14) : inbox;
        slaAnnouncements = slaAnnouncements == null ? Duration.ofDays(30) : slaAnnouncements;
    }
}
