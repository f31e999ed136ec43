package io.scrumops.bridge.adapter.servicenow;

import java.util.regex.Pattern;

/**
 * The one gate for values pasted into a ServiceNow encoded query ({@code sysparm_query}). URL-encoding does not
 * neutralise the query's own operators: a value holding {@code ^OR}, {@code ^NQ} or {@code =} changes what the query
 * matches. So every value is checked against the shape it must have (a record number, a sys_id, a stored date, a
 * table or field name, a Jira key used as correlation id) and refused otherwise, never escaped.
 */
public final class ServiceNowQueryValues {

    /** {@code INC0010001}, {@code CHG0030002}, {@code RITM0001234}: a prefix of letters and a run of digits. */
    private static final Pattern RECORD_NUMBER = Pattern.compile("[A-Z]{2,10}[0-9]{4,15}");
    /** A sys_id is 32 hexadecimal digits; letters and digits of at most that length are let through. */
    private static final Pattern SYS_ID = Pattern.compile("[0-9A-Za-z]{1,32}");
    /** ServiceNow's stored UTC form. */
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    /** A table or field name; also the shape the polled tables are checked against in the settings. */
    public static final String NAME_REGEX = "[a-z][a-z0-9_]{0,79}";
    private static final Pattern NAME = Pattern.compile(NAME_REGEX);
    /** A field, or a field reached through references ({@code caller_id.email}). */
    private static final Pattern FIELD_PATH = Pattern.compile("[a-z][a-z0-9_]{0,79}(\\.[a-z][a-z0-9_]{0,79}){0,4}");
    /** A value a record is looked up by (an e-mail address, a group's name): free text, but none of the separators. */
    private static final Pattern LOOKUP_VALUE = Pattern.compile("[^\\^\\r\\n]{1,200}");
    /** A Jira issue key, which the bridge writes as correlation_id. */
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,49}-[0-9]{1,12}");
    /** An assignment group's sys_id or name: free text, but none of the query's operators. */
    private static final Pattern GROUP = Pattern.compile("[^\\^=\\r\\n]{1,200}");

    private ServiceNowQueryValues() {
    }

    public static boolean isRecordNumber(String value) {
        return value != null && RECORD_NUMBER.matcher(value).matches();
    }

    public static String recordNumber(String value) {
        return checked("record number", value, RECORD_NUMBER);
    }

    public static String sysId(String value) {
        return checked("sys_id", value, SYS_ID);
    }

    public static String dateTime(String value) {
        return checked("date (yyyy-MM-dd HH:mm:ss)", value, DATE_TIME);
    }

    /** A table or field name ({@code incident}, {@code u_outage}, {@code work_notes}). */
    public static String name(String value) {
        return checked("table or field name", value, NAME);
    }

    public static String fieldPath(String value) {
        return checked("field", value, FIELD_PATH);
    }

    /** Whether a record can be looked up by this value: no {@code ^} (the query's separator), no line break. */
    public static boolean isLookupValue(String value) {
        return value != null && LOOKUP_VALUE.matcher(value).matches();
    }

    public static boolean isSysId(String value) {
        return value != null && SYS_ID.matcher(value).matches();
    }

    public static String issueKey(String value) {
        return checked("Jira issue key", value, ISSUE_KEY);
    }

    public static String group(String value) {
        return checked("assignment group", value, GROUP);
    }

    private static String checked(String what, String value, Pattern shape) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new UnsafeQueryValueException(what, value);
        }
        return value;
    }

    /** A value refused for an encoded query or a record path; its message shows the value cut short, never the whole of it. */
    public static final class UnsafeQueryValueException extends IllegalArgumentException {

        private final String what;
        private final String value;

        UnsafeQueryValueException(String what, String value) {
            super("not a ServiceNow " + what + ", refused in a query or a path: '" + shortened(value) + "'");
            this.what = what;
            this.value = value;
        }

        public String what() {
            return what;
        }

        public String value() {
            return value;
        }

        static String shortened(String value) {
            if (value == null) {
                return "null";
            }
            return value.length() <= 80 ? value : value.substring(0, 80) + "...";
        }
    }
}
