package io.scrumops.bridge.mapping;

/**
 * A mapping or rule file that cannot be used: names the file, the key (a dotted path) and the bad value,
 * so whoever edits the file knows exactly what to change.
 */
public class MappingFileException extends UnmappableRecordException {

    private final String file;
    private final String key;
    private final String value;

    public MappingFileException(String file, String key, String value, String problem) {
        super(file + ": " + key + " = '" + value + "': " + problem);
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
