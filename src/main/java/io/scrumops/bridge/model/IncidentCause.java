package io.scrumops.bridge.model;

import java.util.Objects;

/**
 * What an incident's source names as its cause.
 *
 * @param changeRef  a change request (number, or sys_id when the number is not known), commit sha or issue key
 * @param problemRef the problem record the incident belongs to, or null
 * @param source     {@code SERVICENOW_CAUSED_BY}, {@code SERVICENOW_RFC}, {@code SERVICENOW_PROBLEM} or {@code JIRA_LINK}
 */
public record IncidentCause(String incidentId, String changeRef, String problemRef, String source) {

    public IncidentCause {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(source, "source");
    }
}
