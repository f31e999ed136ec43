package io.scrumops.bridge.ingest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.http.common.DefaultHttpBinding;
import org.apache.camel.http.common.HttpHelper;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.GZIPHelper;
import org.apache.camel.support.MessageHelper;
import org.apache.camel.support.ObjectHelper;
import org.apache.camel.support.http.HttpUtil;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Map;

/**
 * How the webhook routes ({@code servlet:/jira}, {@code /servicenow}, {@code /deployments}, {@code /scm}) read a
 * request and write their answer (endpoint option {@code httpBinding: "#webhookHttpBinding"}).
 * <p>
 * Camel's binding copies every request header into the message through its header filter (three prefix checks, a
 * lower-cased copy of the name and three more, a look at the value for a "[a,b]" list, a case-insensitive map insert),
 * lists the request's attributes looking for uploaded files, asks the container for the request's parameters (parsing
 * the query string) and copies them into the headers the same way; and it writes the answer by converting the body to a
 * stream and copying it through an 8 KB buffer, flushed, as a chunked response. A webhook needs none of it: the
 * recorder keeps only the headers that identify the sender, the event and the delivery ({@link #MAPPED_HEADERS}, the
 * set {@code InboundRecorder} stores and hands to the identifier and the parsers) and then clears the message's
 * headers, no route reads a request parameter, and every source sends JSON (a multipart or form body is refused with
 * 415 by the webhook filter before Camel). So this binding maps only those headers (and Content-Encoding), with Camel's
 * own names and value handling, plus the {@code CamelHttp*} headers of the request line ({@code CamelHttpPath} is read
 * by Camel's servlet), and writes a text answer (the recorder's 202/200 and the 400/503 of {@code webhook-errors}) as
 * one block of bytes with its length, status, content type and headers (such as {@code Retry-After}) chosen and
 * converted as Camel does. Anything else (a failed exchange, a body that is not text, a gzip answer) is written by
 * Camel's own code.
 */
@Component("webhookHttpBinding")
public class WebhookHttpBinding extends DefaultHttpBinding {

    /**
     * Lower-case names of the request headers mapped into the message: {@code InboundRecorder}'s kept headers (the
     * only request headers any webhook route, bean, error handler or parser reads), and {@code Content-Encoding}, which
     * Camel's answer writing looks at.
     */
    static final String[] MAPPED_HEADERS = java.util.stream.Stream.concat(InboundRecorder.KEPT_HEADERS.stream(),
            java.util.stream.Stream.of("content-encoding")).toArray(String[]::new);

    @Override
    public void readRequest(HttpServletRequest request, Message message) {
        // the body is created when first read (from the bytes the webhook filter holds), as Camel's binding does
        Map<String, Object> headers = message.getHeaders();
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (!mapped(name)) {
                continue;
            }
            if (name.equalsIgnoreCase("content-type")) {
                name = Exchange.CONTENT_TYPE;
            }
            if (headers.containsKey(name)) {
                continue;
            }
            Enumeration<String> values = request.getHeaders(name);
            while (values.hasMoreElements()) {
                // Camel's value handling: "[a,b]" becomes a list; several values of one name are appended
                HttpHelper.appendHeader(headers, name, HttpHelper.extractHttpParameterValue(values.nextElement()));
            }
        }
        String encoding = request.getCharacterEncoding();
        if (encoding != null) {
            headers.put(Exchange.HTTP_CHARACTER_ENCODING, encoding);
            message.getExchange().setProperty(ExchangePropertyKey.CHARSET_NAME, encoding);
        }
        headers.put(Exchange.HTTP_METHOD, request.getMethod());
        headers.put(Exchange.HTTP_QUERY, request.getQueryString());
        String uri = request.getRequestURI();
        headers.put(Exchange.HTTP_URI, uri);
        String contextPath = request.getContextPath() == null ? "" : request.getContextPath();
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        headers.put(Exchange.HTTP_PATH, uri.substring(contextPath.length() + servletPath.length()));
        headers.computeIfAbsent(Exchange.CONTENT_TYPE, k -> request.getContentType());
    }

    /** Whether the header is one the pipeline reads: compared in place, without a lower-cased copy per header. */
    static boolean mapped(String name) {
        for (String kept : MAPPED_HEADERS) {
            if (kept.length() == name.length() && kept.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void writeResponse(Exchange exchange, HttpServletResponse response) throws IOException {
        Message message = exchange.getMessage();
        // (Camel copies a request's Content-Encoding to an answer held as an "out" message, and gzips the answer)
        if (exchange.isFailed() || !(message.getBody() instanceof String body) || GZIPHelper.isGzip(message)
                || exchange.hasOut() && exchange.getIn().getHeader(Exchange.CONTENT_ENCODING) != null) {
            super.writeResponse(exchange, response);
            return;
        }
        response.setStatus(HttpUtil.determineResponseCode(exchange, body));
        String contentType = MessageHelper.getContentType(message);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        // every header the message holds, through the same filter and conversions as Camel's binding
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            Object value = header.getValue();
            if (value instanceof String text) {
                addHeader(exchange, response, header.getKey(), text);
            } else if (value != null) {
                Iterator<?> values = ObjectHelper.createIterator(value, null, true);
                while (values.hasNext()) {
                    addHeader(exchange, response, header.getKey(), convertHeaderValueToString(exchange, values.next()));
                }
            }
        }
        byte[] bytes = body.getBytes(ExchangeHelper.getCharsetName(exchange, true));
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void addHeader(Exchange exchange, HttpServletResponse response, String name, String value) {
        if (value != null && !getHeaderFilterStrategy().applyFilterToCamelHeaders(name, value, exchange)) {
            response.addHeader(name, value);
        }
    }
}
