package io.scrumops.bridge.model;

import java.util.List;
import java.util.Objects;

/**
 * One criterion of a gate, as the release mapping file defines it. Only the values of its kind are set.
 *
 * @param id          unique within the gate, e.g. {@code no-sev2-defects}
 * @param severity    NO_OPEN_DEFECTS: the lowest severity that blocks (SEV2 blocks SEV1 and SEV2)
 * @param severities  NO_OPEN_INCIDENTS: the incident severities that block
 * @param issueType   TEST_EXECUTION_COMPLETE: the Jira issue type of test executions
 * @param field       TEST_EXECUTION_COMPLETE: the field whose value says the test passed; null reads the status
 * @param passValues  TEST_EXECUTION_COMPLETE: the status names or field values that count as passed
 * @param environment DEPLOYED_TO: the environment name
 * @param system      REMOTE_QUERY_EMPTY: JIRA (JQL) or SERVICENOW (encoded query)
 * @param table       REMOTE_QUERY_EMPTY on ServiceNow: the table to query
 * @param query       REMOTE_QUERY_EMPTY: the query; {@code {release}} and {@code {product}} are filled in
 */
public record GateCriterion(String id, CriterionKind kind, String title, Severity severity, List<Severity> severities,
                            String issueType, String field, List<String> passValues, String environment,
                            SourceSystem system, String table, String query) {

    public GateCriterion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        severities = severities == null ? List.of() : List.copyOf(severities);
        passValues = passValues == null ? List.of() : List.copyOf(passValues);
    }

    public static GateCriterion of(String id, CriterionKind kind, String title) {
        return new GateCriterion(id, kind, title, null, null, null, null, null, null, null, null, null);
    }

    public boolean isManual() {
        return kind.isManual();
    }
}
