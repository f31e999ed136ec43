package io.scrumops.bridge.store;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How long bookkeeping rows are kept once they have done their job. Work items, links, history, the outbox (its
 * idempotency keys guard against writing twice) and the audit log are kept.
 *
 * @param inbox             processed inbox records (raw webhook and poll payloads)
 * @param slaAnnouncements  SLA events already published
 */
@Validated
@ConfigurationProperties("scrumops.retention")
public record RetentionProperties(
        @DurationMin(days = 1, message = "must be at least a day (P1D): processed records hold the keys that"
                + " recognise a webhook delivered again") Duration inbox,
        @DurationMin(millis = 1) Duration slaAnnouncements) {

    public RetentionProperties {
        inbox = inbox == null ? Duration.ofDays(14) : inbox;
        slaAnnouncements = slaAnnouncements == null ? Duration.ofDays(30) : slaAnnouncements;
    }
}
