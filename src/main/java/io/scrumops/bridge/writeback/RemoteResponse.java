package io.scrumops.bridge.writeback;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A remote system's answer: status, headers (names matched case-insensitively) and body text. */
public record RemoteResponse(int status, Map<String, String> headers, String body) {

    public RemoteResponse {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            copy.putAll(headers);
        }
        headers = copy;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
