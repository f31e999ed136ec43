package io.scrumops.bridge.ingest;

/**
 * PostgreSQL's {@code text} and {@code jsonb} cannot hold the NUL character. A JSON payload may still carry one as
 * the escape {@code \u0000} in any string (a field pasted from a binary source, a fuzzer); such an escape is stored as
 * the visible text {@code \u0000} (the backslash itself escaped), so the record is kept and readable and no step
 * after the door meets a NUL. A raw NUL byte is not JSON at all and refuses the record.
 */
public final class StorableText {

    private static final String NUL_ESCAPE = "u0000";

    private StorableText() {
    }

    /**
     * @return the payload with every {@code \u0000} escape turned into an escaped backslash followed by
     * {@code u0000}; the payload itself when it has none
     * @throws IllegalArgumentException when the payload holds a raw NUL character
     */
    public static String escapeNul(String what, String json) {
        if (json.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": payload holds a raw NUL character, which is not valid JSON");
        }
        if (!json.contains("\\" + NUL_ESCAPE)) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= json.length()) {
                out.append(c);
                i++;
            } else if (json.startsWith(NUL_ESCAPE, i + 1)) {
                out.append("\\\\").append(NUL_ESCAPE);
                i += 1 + NUL_ESCAPE.length();
            } else {
                // Any other escape (an escaped backslash included) is copied whole, so "\\u0000" stays text.
                out.append(c).append(json.charAt(i + 1));
                i += 2;
            }
        }
        return out.toString();
    }
}
