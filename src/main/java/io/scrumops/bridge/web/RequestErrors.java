package io.scrumops.bridge.web;

import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Says, in the request's terms, what was wrong with a parameter, for the API's and the console's refusals. */
public final class RequestErrors {

    private RequestErrors() {
    }

    /** {@code 'size' must be a whole number, not 'abc'}. */
    public static String wrongType(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "a value of another kind"
                : type == int.class || type == long.class || type == Integer.class || type == Long.class
                ? "a whole number"
                : type == double.class || type == Double.class ? "a number"
                : type == boolean.class || type == Boolean.class ? "true or false"
                : type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                : "a " + type.getSimpleName();
        return "'" + e.getName() + "' must be " + expected + ", not '" + shortened(String.valueOf(e.getValue())) + "'";
    }

    /** {@code parameter 'metric' is required}. */
    public static String missing(MissingServletRequestParameterException e) {
        return "parameter '" + e.getParameterName() + "' is required";
    }

    /** A value as a refusal shows it: at most 100 characters. */
    static String shortened(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }
}
