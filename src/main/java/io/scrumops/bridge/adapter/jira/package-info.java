/** Jira Cloud and Data Center: webhooks and REST v2/v3 issues normalized through {@code mappings/jira.yaml}. */
package io.scrumops.bridge.adapter.jira;
