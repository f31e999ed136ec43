package io.scrumops.bridge.model;

/** What a gate criterion checks; all but {@link #SIGN_OFF} are checked automatically on the evidence. */
public enum CriterionKind {
    /** No open defect in the release at or above a severity. */
    NO_OPEN_DEFECTS,
    /** No open incident of the given severities on the release's product. */
    NO_OPEN_INCIDENTS,
    /** Every story of the release is done. */
    ALL_STORIES_DONE,
    /** Every item of the named test issue type in the release shows a passing status or field value. */
    TEST_EXECUTION_COMPLETE,
    /** A successful deployment of the release to a named environment. */
    DEPLOYED_TO,
    /** The release's ServiceNow change request is approved. */
    CHANGE_APPROVED,
    /** A JQL or encoded ServiceNow query, run against the remote system, returns nothing. */
    REMOTE_QUERY_EMPTY,
    /** Someone signed the gate off by hand. */
    SIGN_OFF;

    public boolean isManual() {
        return this == SIGN_OFF;
    }
}
