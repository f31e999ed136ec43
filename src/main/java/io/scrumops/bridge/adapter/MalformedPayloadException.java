package io.scrumops.bridge.adapter;

import io.scrumops.bridge.mapping.UnmappableRecordException;

/** An inbound payload that is not the record it claims to be; the message names what is missing or wrong. */
public class MalformedPayloadException extends UnmappableRecordException {

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }

    public static MalformedPayloadException missingField(String context, String path) {
        return new MalformedPayloadException(context + ": missing field '" + path + "'");
    }

    public static MalformedPayloadException invalidField(String context, String path, Object value, String problem) {
        return new MalformedPayloadException(context + ": field '" + path + "' = '" + value + "': " + problem);
    }
}
