package io.scrumops.bridge.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a record read from a source (polling, reconciliation, backfill) through the same door as a webhook:
 * {@code direct:inbound-accept}, so it is stored in the inbox, published and normalized the same way.
 */
@Component
public class InboundFeed {

    public enum Outcome { ACCEPTED, DUPLICATE, REFUSED }

    private final ProducerTemplate producer;

    public InboundFeed(ProducerTemplate producer) {
        this.producer = producer;
    }

    public Outcome submit(InboundSource source, String body) {
        Exchange answer = producer.send("direct:inbound-accept", exchange -> {
            exchange.getMessage().setHeader(InboundRecorder.SOURCE, source.code());
            exchange.getMessage().setBody(body);
        });
        if (answer.getException() != null) {
            throw new IllegalStateException(source.code() + " record not accepted: "
                    + answer.getException().getMessage(), answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return switch (status) {
            case 202 -> Outcome.ACCEPTED;
            case 200 -> Outcome.DUPLICATE;
            default -> Outcome.REFUSED;
        };
    }
}
