package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Looks for a journal entry (work note or additional comment) already on a record, in {@code sys_journal_field}:
 * a PATCH whose answer was lost (timeout, 502 after the server wrote it) may have written it, and ServiceNow has
 * no idempotency key. The newest entries of the record's field are compared with the text the bridge would write.
 */
class ServiceNowJournalLookup {

    static final int NEWEST_ENTRIES = 50;

    private final RemoteHttp http;
    private final ObjectMapper json;

    ServiceNowJournalLookup(RemoteHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** The sys_id of the newest entry of {@code element} on the record whose text is {@code text}, if any. */
    Optional<String> find(String table, String sysId, String element, String text) {
        RemoteResponse response = http.call("GET", "/now/table/sys_journal_field", query(table, sysId, element), null);
        String wanted = normalized(text);
        for (JsonNode entry : result(response)) {
            if (wanted.equals(normalized(entry.path("value").asText()))) {
                return Optional.of(entry.path("sys_id").asText());
            }
        }
        return Optional.empty();
    }

    static String query(String table, String sysId, String element) {
        String encodedQuery = "name=" + ServiceNowQueryValues.name(table)
                + "^element_id=" + ServiceNowQueryValues.sysId(sysId)
                + "^element=" + ServiceNowQueryValues.name(element)
                + "^ORDERBYDESCsys_created_on";
        return "sysparm_query=" + URLEncoder.encode(encodedQuery, StandardCharsets.UTF_8)
                + "&sysparm_fields=sys_id,value,sys_created_on&sysparm_display_value=false"
                + "&sysparm_limit=" + NEWEST_ENTRIES;
    }

    /** ServiceNow stores journal text with its own line ends and without trailing blanks. */
    static String normalized(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").strip();
    }

    private JsonNode result(RemoteResponse response) {
        try {
            return json.readTree(response.body() == null ? "{}" : response.body()).path("result");
        } catch (IOException e) {
            throw new UncheckedIOException("sys_journal_field answer is not JSON", e);
        }
    }
}
