/**
 * Two-way alignment: pairs a routed ServiceNow incident with one Jira work package, and keeps status, severity,
 * assignee, summary and comments aligned through the canonical model, deciding per field by
 * {@code mappings/alignment.yaml}. What each side holds is fingerprinted so that the bridge's own writes, coming back
 * as webhooks or polls, are recognised and not synced again.
 */
package io.scrumops.bridge.alignment;
