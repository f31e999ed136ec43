package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.InboxReceipt;
import io.scrumops.bridge.store.InboxRepository;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The door of the inbound pipeline: identifies a record, stores it in the inbox before anything is acknowledged,
 * and prepares the Kafka message keyed by the item it is about.
 */
@Component("inboundRecorder")
public class InboundRecorder {

    /** Header: the source a record came from (set by the webhook routes and the feeds). */
    public static final String SOURCE = "ScrumOpsSource";
    /**
     * Exchange properties of an accepted webhook (the relay sets the inbox id as a header): properties, because a
     * message's headers travel with it to Kafka as record headers, three per record written and read for nobody.
     */
    public static final String INBOX_ID = "ScrumOpsInboxId";
    public static final String DUPLICATE = "ScrumOpsDuplicate";
    /** Exchange property: the record is new, so it is published (the route's choice reads it). */
    public static final String NEW = "ScrumOpsNew";
    /** Exchange property of a page: the receipts of its records, in order. */
    public static final String PAGE_RECEIPTS = "ScrumOpsPageReceipts";
    static final String PAGE_PUBLISHED = "ScrumOpsPagePublished";

    /** Headers worth keeping with the raw record: they identify the sender, the event and the delivery. */
    static final Set<String> KEPT_HEADERS = Set.of("x-atlassian-webhook-identifier", "x-github-event",
            "x-github-delivery", "x-gitlab-event", "x-gitlab-event-uuid", "user-agent", "content-type",
            "x-scrumops-table");

    private final InboundIdentifier identifier;
    private final InboxRepository inbox;
    private final AuditLogRepository audit;
    private final ObjectMapper json;
    private final PublishedMarks publishedMarks;
    private final BrokerLogIdentity brokerLog;
    private final InboxGroupCommit groupCommit;

    public InboundRecorder(InboundIdentifier identifier, InboxRepository inbox, AuditLogRepository audit,
                           ObjectMapper json, PublishedMarks publishedMarks, BrokerLogIdentity brokerLog,
                           InboxGroupCommit groupCommit) {
        this.groupCommit = groupCommit;
        this.publishedMarks = publishedMarks;
        this.brokerLog = brokerLog;
        this.identifier = identifier;
        this.inbox = inbox;
        this.audit = audit;
        this.json = json;
    }

    public void accept(Exchange exchange) throws java.io.IOException {
        InboundSource source = InboundSource.of(exchange.getMessage().getHeader(SOURCE, String.class));
        String body = bodyText(exchange);
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException(source.code() + ": empty request body");
        }
        body = StorableText.escapeNul(source.code(), body);
        Map<String, String> headers = keptHeaders(exchange.getMessage().getHeaders());
        InboundIdentity id = identifier.identify(source, headers, body);
        InboxReceipt receipt = groupCommit.receive(
                new InboxRepository.NewRecord(source.code(), id.eventType(), id.dedupKey(), headers, body));
        var message = exchange.getMessage();
        // cleared whole: a pattern (removeHeaders("*", ...)) is matched against every header name, per request
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, id.itemKey());
        exchange.setProperty(SOURCE, source.code());
        exchange.setProperty(INBOX_ID, receipt.id());
        exchange.setProperty(DUPLICATE, receipt.duplicate());
        exchange.setProperty(NEW, !receipt.duplicate());
        message.setBody(json.writeValueAsString(
                new InboundEnvelope(receipt.id(), source.code(), id.eventType(), id.itemKey(), headers, body)));
    }

    /**
     * The door for a page of records read back from a system (a backfill, the Jira sweep, the ServiceNow poll): each
     * record is identified as a webhook is, the page is stored in the inbox in one statement, and the body becomes the
     * Kafka messages of the records that are new (one per record, keyed by item), for the route to publish as one
     * batch. A record that cannot be identified is refused with an audit row, as at the webhook door; the receipts, in
     * the page's order, are left in the exchange property {@link #PAGE_RECEIPTS}.
     */
    public void acceptPage(Exchange exchange) throws JsonProcessingException {
        InboundSource source = InboundSource.of(exchange.getMessage().getHeader(SOURCE, String.class));
        @SuppressWarnings("unchecked")
        List<String> bodies = exchange.getMessage().getBody(List.class);
        InboundFeed.Receipt[] receipts = new InboundFeed.Receipt[bodies.size()];
        List<InboxRepository.NewRecord> rows = new ArrayList<>(bodies.size());
        List<InboundIdentity> identities = new ArrayList<>(bodies.size());
        List<Integer> positions = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            try {
                String body = StorableText.escapeNul(source.code(), bodies.get(i));
                InboundIdentity id = identifier.identify(source, Map.of(), body);
                rows.add(new InboxRepository.NewRecord(source.code(), id.eventType(), id.dedupKey(), Map.of(), body));
                identities.add(id);
                positions.add(i);
            } catch (RuntimeException refused) {
                String reason = String.valueOf(refused.getMessage()).replace('\0', '\uFFFD');
                audit.record("webhook:" + source.code(), "inbound.refused", source.code(), Map.of("reason", reason));
                receipts[i] = new InboundFeed.Receipt(InboundFeed.Outcome.REFUSED, null);
            }
        }
        List<InboxReceipt> stored = inbox.receiveAll(rows);
        List<Message> publish = new ArrayList<>(stored.size());
        List<Long> published = new ArrayList<>(stored.size());
        for (int r = 0; r < stored.size(); r++) {
            InboxReceipt receipt = stored.get(r);
            receipts[positions.get(r)] = new InboundFeed.Receipt(receipt.duplicate() ? InboundFeed.Outcome.DUPLICATE
                    : InboundFeed.Outcome.ACCEPTED, receipt.id());
            if (receipt.duplicate()) {
                continue;
            }
            InboundIdentity id = identities.get(r);
            Message message = new DefaultMessage(exchange.getContext());
            message.setHeader(SOURCE, source.code());
            message.setHeader(INBOX_ID, receipt.id());
            message.setHeader(KafkaConstants.KEY, id.itemKey());
            message.setBody(json.writeValueAsString(new InboundEnvelope(receipt.id(), source.code(), id.eventType(),
                    id.itemKey(), Map.of(), rows.get(r).body())));
            publish.add(message);
            published.add(receipt.id());
        }
        exchange.setProperty(PAGE_RECEIPTS, List.of(receipts));
        exchange.setProperty(PAGE_PUBLISHED, published);
        exchange.getMessage().removeHeaders("*", SOURCE);
        exchange.getMessage().setBody(publish);
    }

    /** The page's new records reached Kafka: their marks are written with the webhooks' (see {@link #published}). */
    public void publishedPage(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Long> ids = exchange.getProperty(PAGE_PUBLISHED, List.class);
        ids.forEach(publishedMarks::add);
    }

    /** Bookkeeping only, written in batches: a lost mark means the relay publishes the record again. */
    public void published(Exchange exchange) {
        Long inboxId = exchange.getProperty(INBOX_ID, Long.class);
        publishedMarks.add(inboxId != null ? inboxId : exchange.getMessage().getHeader(INBOX_ID, Long.class));
        // Where the broker put it: a broker whose log later ends before this offset has lost the record.
        if (exchange.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META) instanceof List<?> metadata) {
            for (Object m : metadata) {
                if (m instanceof RecordMetadata record && record.hasOffset()) {
                    brokerLog.acknowledged(record.partition(), record.offset());
                }
            }
        }
    }

    /** The HTTP answer: 202 for a new record, 200 for a redelivery of one already held. */
    public void acknowledge(Exchange exchange) {
        boolean duplicate = exchange.getProperty(DUPLICATE, Boolean.class);
        long inboxId = exchange.getProperty(INBOX_ID, Long.class);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, duplicate ? 200 : 202);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody("{\"status\":\"" + (duplicate ? "duplicate" : "accepted") + "\",\"inboxId\":" + inboxId + "}");
    }

    /** A refused record: 400 with the reason, and an audit row so that refusals can be found later. */
    public String refuse(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String source = exchange.getMessage().getHeader(SOURCE, String.class);
        if (source == null) {
            source = exchange.getProperty(SOURCE, String.class); // after accept took the record
        }
        String reason = cause == null ? "rejected" : String.valueOf(cause.getMessage()).replace('\0', '\uFFFD');
        audit.record("webhook:" + source, "inbound.refused", source, Map.of("reason", String.valueOf(reason)));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json.writeValueAsString(Map.of("status", "rejected", "reason", String.valueOf(reason)));
    }

    /**
     * Any other failure at the door: an outage answers 503 with Retry-After (the sender delivers again; nothing is
     * acknowledged that is not stored), a record the store refuses for its own data answers 400 like a malformed one.
     */
    public String unavailableOrRefused(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause == null || !FailureCause.isOutage(cause)) {
            return refuse(exchange);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        exchange.getMessage().setHeader("Retry-After", "5");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json.writeValueAsString(Map.of("status", "unavailable",
                "reason", "the bridge cannot store records now; deliver again later"));
    }

    /**
     * The request body as text, read straight from the bytes the webhook filter already holds: the type converter's
     * way (a buffered reader over the stream, then a string builder) allocated three copies of every body.
     */
    private static String bodyText(Exchange exchange) throws java.io.IOException {
        Object raw = exchange.getMessage().getBody();
        if (raw instanceof java.io.InputStream in) {
            String charset = exchange.getProperty(Exchange.CHARSET_NAME, String.class);
            byte[] bytes = in.readAllBytes();
            return new String(bytes, charset == null ? java.nio.charset.StandardCharsets.UTF_8
                    : java.nio.charset.Charset.forName(charset));
        }
        return exchange.getMessage().getBody(String.class);
    }

    private static Map<String, String> keptHeaders(Map<String, Object> all) {
        Map<String, String> kept = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (value != null && isKept(name)) {
                kept.put(name, value.toString());
            }
        });
        return kept;
    }

    private static final String[] KEPT = KEPT_HEADERS.toArray(String[]::new);

    /** Compared in place, without a lower-cased copy of every header's name. */
    static boolean isKept(String name) {
        for (String kept : KEPT) {
            if (kept.length() == name.length() && kept.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
