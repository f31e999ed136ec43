/**
 * Write-back: commands to Jira and ServiceNow, queued in the outbox with an idempotency key and applied by the
 * writers under retry, rate limit and circuit breaker. Rules and alignment decide; this package carries out.
 */
package io.scrumops.bridge.writeback;
