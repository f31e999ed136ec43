package io.scrumops.bridge.gates;

/**
 * Fills a criterion's query template with the release and product names. A JQL value is quoted and escaped; a value
 * going into a ServiceNow encoded query is refused when it could change the query's shape ({@code ^} starts a new
 * condition, {@code ^OR} / {@code ^NQ} widen it), since encoded queries have no quoting.
 */
public final class RemoteQueries {

    private RemoteQueries() {
    }

    public static String jql(String template, String release, String product) {
        return template.replace("{release}", jqlString(release)).replace("{product}", jqlString(product));
    }

    public static String serviceNow(String template, String release, String product) {
        return template.replace("{release}", encodedValue("release", release))
                .replace("{product}", encodedValue("product", product));
    }

    static String jqlString(String value) {
        String text = value == null ? "" : value;
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String encodedValue(String what, String value) {
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '^' || Character.isISOControl(c)) {
                throw new UnsafeQueryValueException("the " + what + " name '" + text.replaceAll("\\p{Cntrl}", "?")
                        + "' cannot go into a ServiceNow encoded query: it holds '"
                        + (c == '^' ? "^" : "a control character") + "'");
            }
        }
        return text;
    }

    /** A release or product name that would change an encoded query's meaning. */
    public static class UnsafeQueryValueException extends IllegalArgumentException {
        public UnsafeQueryValueException(String message) {
            super(message);
        }
    }
}
