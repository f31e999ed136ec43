/**
 * Runs the ScrumOps rules on the bridge's data: sprint rollover when a Jira sprint closes, escalation on request or
 * on a Jira label or transition, the SLA sweep. It reads the store, calls the pure rules and queues what they
 * decide as write-back commands; it never calls Jira or ServiceNow write APIs itself.
 */
package io.scrumops.bridge.scrumops;
