package io.scrumops.bridge.mapping;

import java.util.List;

/** A source value the mapping file has no entry for; the record cannot be normalized until the file says what it means. */
public class UnknownMappingValueException extends UnmappableRecordException {

    private final String file;
    private final String key;
    private final String value;

    public UnknownMappingValueException(String file, String key, String value, List<String> known) {
        super(file + ": " + key + ": no mapping for '" + value + "' (known: " + String.join(", ", known) + ")");
        this.file = file;
        this.key = key;
        this.value = value;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }
}
