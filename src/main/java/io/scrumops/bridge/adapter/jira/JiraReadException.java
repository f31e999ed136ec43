package io.scrumops.bridge.adapter.jira;

/** A Jira REST read that did not answer with the data asked for (after the retries a 429 allows). */
public class JiraReadException extends RuntimeException {

    private final int status;

    public JiraReadException(String path, int status, String detail) {
        super("jira GET " + path + " answered " + status + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
