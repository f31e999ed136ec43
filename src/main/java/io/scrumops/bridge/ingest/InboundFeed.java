package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Puts a record read from a source (polling, reconciliation, backfill) through the same door as a webhook:
 * {@code direct:inbound-accept}, so it is stored in the inbox, published and normalized the same way.
 */
@Component
public class InboundFeed {

    public enum Outcome { ACCEPTED, DUPLICATE, REFUSED }

    /** @param inboxId the inbox row holding the record (the earlier one for a duplicate); null when refused */
    public record Receipt(Outcome outcome, Long inboxId) {
    }

    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public InboundFeed(ProducerTemplate producer, ObjectMapper json) {
        this.producer = producer;
        this.json = json;
    }

    public Receipt submit(InboundSource source, String body) {
        Exchange answer = producer.send("direct:inbound-accept", exchange -> {
            exchange.getMessage().setHeader(InboundRecorder.SOURCE, source.code());
            exchange.getMessage().setBody(body);
        });
        if (answer.getException() != null) {
            throw new IllegalStateException(source.code() + " record not accepted: "
                    + answer.getException().getMessage(), answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Outcome outcome = switch (status) {
            case 202 -> Outcome.ACCEPTED;
            case 200 -> Outcome.DUPLICATE;
            default -> Outcome.REFUSED;
        };
        return new Receipt(outcome, outcome == Outcome.REFUSED ? null : inboxId(answer.getMessage().getBody(String.class)));
    }

    /**
     * A page of records read back from a system, through {@code direct:inbound-accept-page}: stored in the inbox in
     * one statement, the new ones published in one batch; then normalized and stored as webhooks are.
     *
     * @return the receipts, in the order of {@code bodies}
     * @throws IllegalStateException the page could not be stored (nothing of it was acknowledged)
     */
    public List<Receipt> submitPage(InboundSource source, List<String> bodies) {
        if (bodies.isEmpty()) {
            return List.of();
        }
        Exchange answer = producer.send("direct:inbound-accept-page", exchange -> {
            exchange.getMessage().setHeader(InboundRecorder.SOURCE, source.code());
            exchange.getMessage().setBody(List.copyOf(bodies));
        });
        if (answer.getException() != null) {
            throw new IllegalStateException(source.code() + " page of " + bodies.size() + " records not stored: "
                    + answer.getException().getMessage(), answer.getException());
        }
        @SuppressWarnings("unchecked")
        List<Receipt> receipts = answer.getProperty(InboundRecorder.PAGE_RECEIPTS, List.class);
        return receipts;
    }

    /** The acknowledgement inbound-accept answers with: {"status": ..., "inboxId": ...}. */
    private Long inboxId(String acknowledgement) {
        try {
            var id = json.readTree(acknowledgement).get("inboxId");
            return id == null || id.isNull() ? null : id.asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
