package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.ExchangeHelper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP call to a remote system through its request route (camel-http), through that system's
 * {@link RemoteCallGate}. Any answer other than 2xx becomes a {@link RemoteWriteException} that says whether trying
 * again can help and when. When the remote says when to come back (429 or 503 with Retry-After or a rate-limit
 * reset, or any answer with {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset}), the whole system is
 * paused until then, not only the command that asked.
 * The credentials go into the Authorization header only; they are never part of a message or log line.
 *
 * <p>Each call hands camel-http what it reads in the types it wants (the method as {@link HttpMethods}, the body as
 * JSON text with its Content-Type) and reads the answer's body itself: a header or body that Camel must convert goes
 * through a search of its type converters, which cost more CPU per write than the HTTP client's own work.
 */
public class RemoteHttp {

    private static final int ERROR_TEXT_LIMIT = 2000;
    private static final String JIRA_PER_ISSUE_WRITE_LIMIT = "jira-per-issue-on-write";
    /** Set by the request routes when the call got no answer at all (connection refused or reset, timeout). */
    private static final String REQUEST_FAILURE = "ScrumOpsRequestFailure";

    private final SourceSystem system;
    private final String requestRoute;
    private final String baseUrl;
    private final String authorization;
    private final ProducerTemplate template;
    private final RemoteCallGate gate;
    private final Clock clock;
    /** The request route's endpoint, resolved once at the first call (the routes are loaded by then). */
    private volatile Endpoint endpoint;

    public RemoteHttp(SourceSystem system, String requestRoute, String baseUrl, String username, String secret,
                      ProducerTemplate template, RemoteCallGate gate, Clock clock) {
        this.system = system;
        this.requestRoute = requestRoute;
        this.baseUrl = baseUrl == null ? "" : baseUrl.replaceAll("/+$", "");
        this.authorization = username == null || username.isBlank() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
        this.template = template;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * @param query already encoded query string without '?', or null
     * @param body  JSON text, or null
     */
    public RemoteResponse call(String method, String path, String query, String body) {
        String operation = method + " " + path;
        if (baseUrl.isBlank()) {
            throw new RemoteWriteException(system, operation, 0, true, null, system.code() + " is not configured");
        }
        gate.enter(operation);
        Map<String, Object> headers = new HashMap<>();
        headers.put(Exchange.HTTP_METHOD, HttpMethods.valueOf(method.toUpperCase(Locale.ROOT)));
        headers.put(Exchange.HTTP_URI, baseUrl + path);
        if (query != null && !query.isBlank()) {
            headers.put(Exchange.HTTP_QUERY, query);
        }
        headers.put("Accept", "application/json");
        if (body != null) {
            headers.put(Exchange.CONTENT_TYPE, "application/json");
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        Exchange answer = template.send(endpoint(), exchange -> {
            exchange.getIn().setHeaders(headers);
            exchange.getIn().setBody(body);
        });
        String failure = answer.getProperty(REQUEST_FAILURE, String.class);
        if (answer.getException() != null || failure != null) {
            throw new RemoteWriteException(system, operation, 0, false, null, "no answer: "
                    + (failure != null ? failure : answer.getException().getMessage()));
        }
        Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> responseHeaders = new HashMap<>();
        answer.getMessage().getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !name.equalsIgnoreCase("Authorization")) {
                responseHeaders.put(name, String.valueOf(value));
            }
        });
        String text = bodyText(answer, operation);
        RemoteResponse response = new RemoteResponse(status == null ? 0 : status, responseHeaders, text);
        Instant comeBackAt = budgetUsedUpUntil(response);
        if (response.isSuccess()) {
            gate.pauseUntil(comeBackAt);
            return response;
        }
        Instant retryAt = retryNotBefore(response);
        if (holdsBackTheWholeSystem(response)) {
            gate.pauseUntil(retryAt);
        }
        gate.pauseUntil(comeBackAt);
        throw new RemoteWriteException(system, operation, response.status(), isPermanent(response.status()), retryAt,
                truncate(text));
    }

    private Endpoint endpoint() {
        Endpoint resolved = endpoint;
        if (resolved == null) {
            resolved = template.getCamelContext().getEndpoint(requestRoute);
            endpoint = resolved;
        }
        return resolved;
    }

    /**
     * The answer's body as text. camel-http hands it over as a cached stream (or bytes); reading that here avoids
     * Camel's converter search for the stream type. Any other type still goes through Camel's conversion.
     */
    private String bodyText(Exchange answer, String operation) {
        Object body = answer.getMessage().getBody();
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            if (body instanceof byte[] bytes) {
                return new String(bytes, ExchangeHelper.getCharsetName(answer));
            }
            if (body instanceof InputStream stream) {
                try (stream) {
                    return new String(stream.readAllBytes(), ExchangeHelper.getCharsetName(answer));
                }
            }
        } catch (IOException unreadable) {
            throw new RemoteWriteException(system, operation, 0, false, null, "answer not readable: "
                    + unreadable.getMessage());
        }
        return answer.getMessage().getBody(String.class);
    }

    /**
     * A 429, or a 503 with Retry-After, holds back every call to the system, except Jira's per-issue write limit
     * ({@code RateLimit-Reason: jira-per-issue-on-write}): it concerns one issue, so only the command that met it
     * waits, and writes to other issues go on.
     */
    static boolean holdsBackTheWholeSystem(RemoteResponse response) {
        if (response.status() == 429) {
            String reason = response.header("RateLimit-Reason");
            return reason == null || !reason.trim().startsWith(JIRA_PER_ISSUE_WRITE_LIMIT);
        }
        return response.status() == 503 && response.header("Retry-After") != null;
    }

    static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 409 && status != 423 && status != 429;
    }

    /** Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (epoch seconds, ISO time or seconds to wait). */
    Instant retryNotBefore(RemoteResponse response) {
        Instant now = clock.instant();
        Optional<Instant> retryAfter = RetryAfter.at(response.header("Retry-After"), now);
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        Instant reset = rateLimitReset(response);
        if (reset != null) {
            return reset;
        }
        return response.status() == 429 ? now.plus(Duration.ofSeconds(1)) : null;
    }

    /** X-RateLimit-Reset when X-RateLimit-Remaining says the budget is used up (ServiceNow rate-limit rules, Jira). */
    Instant budgetUsedUpUntil(RemoteResponse response) {
        String remaining = response.header("X-RateLimit-Remaining");
        if (remaining == null) {
            return null;
        }
        try {
            return Double.parseDouble(remaining.trim()) <= 0 ? rateLimitReset(response) : null;
        } catch (NumberFormatException notNumber) {
            return null;
        }
    }

    /** X-RateLimit-Reset: epoch seconds (ServiceNow), an ISO time (Jira Cloud) or seconds to wait. */
    private Instant rateLimitReset(RemoteResponse response) {
        String reset = response.header("X-RateLimit-Reset");
        if (reset == null) {
            return null;
        }
        String value = reset.trim();
        try {
            long number = (long) Double.parseDouble(value);
            return number > 1_000_000_000L ? Instant.ofEpochSecond(number) : clock.instant().plusSeconds(number);
        } catch (NumberFormatException notNumber) {
            try {
                return ZonedDateTime.parse(value, DateTimeFormatter.ISO_DATE_TIME).toInstant();
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= ERROR_TEXT_LIMIT ? text : text.substring(0, ERROR_TEXT_LIMIT) + "...";
    }
}
