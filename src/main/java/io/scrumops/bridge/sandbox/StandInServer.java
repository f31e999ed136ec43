package io.scrumops.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * One remote system stood in for by a WireMock server whose every answer comes from {@link #answer}: a stateful
 * response transformer over a catch-all stub. Calls are kept in WireMock's request journal (bounded).
 */
abstract class StandInServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    StandInServer(int port, String name) {
        ResponseDefinitionTransformerV2 transformer = new ResponseDefinitionTransformerV2() {
            @Override
            public ResponseDefinition transform(ServeEvent event) {
                Request request = event.getRequest();
                String url = request.getUrl();
                int q = url.indexOf('?');
                String path = q < 0 ? url : url.substring(0, q);
                Map<String, String> query = q < 0 ? Map.of() : parseQuery(url.substring(q + 1));
                Reply reply;
                try {
                    reply = answer(request.getMethod().getName(), path, query, request.getBodyAsString());
                } catch (RuntimeException e) {
                    reply = Reply.error(500, e.toString());
                }
                ResponseDefinitionBuilder builder = new ResponseDefinitionBuilder().withStatus(reply.status());
                if (reply.body() != null) {
                    builder.withHeader("Content-Type", "application/json").withBody(reply.body());
                }
                return builder.build();
            }

            @Override
            public String getName() {
                return name + "-state";
            }

            @Override
            public boolean applyGlobally() {
                return true;
            }
        };
        server = new WireMockServer(WireMockConfiguration.options().port(port).bindAddress("127.0.0.1")
                .maxRequestJournalEntries(5000).containerThreads(20).extensions(transformer));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
    }

    void start() {
        server.start();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The WireMock server, for reading its request journal. */
    WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    abstract Reply answer(String method, String path, Map<String, String> query, String body);

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    record Reply(int status, String body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body.toString());
        }

        static Reply created(JsonNode body) {
            return new Reply(201, body.toString());
        }

        static Reply noContent() {
            return new Reply(204, null);
        }

        static Reply error(int status, String message) {
            ObjectNode body = object();
            body.putArray("errorMessages").add(message);
            body.putObject("errors");
            return new Reply(status, body.toString());
        }
    }
}
