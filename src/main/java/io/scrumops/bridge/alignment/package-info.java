/**
 * Two-way alignment: pairs a routed ServiceNow incident with one Jira work package, and a Jira issue matched by a
 * pairing rule with one ServiceNow incident, and keeps status, severity, assignee, assignment group, summary,
 * resolution and comments aligned through the canonical model, deciding per field by {@code mappings/alignment.yaml}.
 * What each side holds is fingerprinted so that the bridge's own writes, coming back as webhooks or polls, are
 * recognised and not synced again.
 */
package io.scrumops.bridge.alignment;
