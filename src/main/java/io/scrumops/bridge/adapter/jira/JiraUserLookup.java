package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteWriteException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds Jira users for field alignment: the e-mail address of an account (Cloud shows it only when the user's
 * privacy settings allow) and the one account with a given address. Several matches are no match.
 */
@Component
public class JiraUserLookup {

    private static final int NOT_FOUND = 404;

    private final RemoteHttp http;
    private final boolean cloud;

    public JiraUserLookup(JiraProperties properties, ProducerTemplate template, RemoteCallGates gates, Clock clock) {
        this.http = new RemoteHttp(SourceSystem.JIRA, "direct:jira-request", properties.baseUrl(),
                properties.username(), properties.apiToken(), template, gates.of(SourceSystem.JIRA), clock);
        this.cloud = properties.isCloud();
    }

    public Optional<String> email(String user) {
        try {
            String body = http.call("GET", "/rest/api/2/user", (cloud ? "accountId=" : "username=") + encode(user), null).body();
            return Optional.ofNullable(JsonFields.text(JsonFields.parse("jira user", body), "emailAddress"))
                    .filter(e -> !e.isBlank());
        } catch (RemoteWriteException e) {
            if (e.status() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Optional<String> byEmail(String email) {
        String body = http.call("GET", "/rest/api/2/user/search", (cloud ? "query=" : "username=") + encode(email), null).body();
        JsonNode users = JsonFields.parse("jira user search", body == null || body.isBlank() ? "[]" : body);
        List<String> matches = new ArrayList<>();
        for (JsonNode user : users) {
            String address = JsonFields.text(user, "emailAddress");
            if (address != null && address.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
                matches.add(JiraFieldValues.user(user));
            }
        }
        return matches.size() == 1 ? Optional.ofNullable(matches.get(0)) : Optional.empty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
