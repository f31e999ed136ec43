package io.scrumops.bridge.writeback;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A request route that answers with canned responses (then 200 {}) and records what it was sent. */
public final class FakeRemote implements AutoCloseable {

    public static final String ROUTE = "direct:fake-remote";

    public record Request(String method, String uri, String query, String body) {
    }

    private final CamelContext camel = new DefaultCamelContext();
    private final Deque<RemoteResponse> answers = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    public FakeRemote() throws Exception {
        this(ROUTE);
    }

    public FakeRemote(String route) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(route).process(FakeRemote.this::answer);
            }
        });
        camel.start();
    }

    public FakeRemote answer(int status, Map<String, String> headers, String body) {
        answers.add(new RemoteResponse(status, headers, body));
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    /** Gates that never hold a call back: 1,000 calls a second to each system, 8 attempts, 2 s base backoff. */
    public static RemoteCallGates openGates(Clock clock) {
        return new RemoteCallGates(new WritebackProperties(50, 8, Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ofMinutes(5), 1000, 1000,
                Duration.ofSeconds(1), Duration.ofSeconds(30)), clock);
    }

    public ProducerTemplate template() {
        return camel.createProducerTemplate();
    }

    private synchronized void answer(Exchange exchange) {
        var in = exchange.getIn();
        requests.add(new Request(in.getHeader(Exchange.HTTP_METHOD, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class), in.getHeader(Exchange.HTTP_QUERY, String.class),
                in.getBody(String.class)));
        RemoteResponse answer = answers.isEmpty() ? new RemoteResponse(200, Map.of(), "{}") : answers.poll();
        var out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        answer.headers().forEach(out::setHeader);
        out.setBody(answer.body());
    }

    @Override
    public void close() {
        camel.stop();
    }
}
