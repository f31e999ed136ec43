package io.scrumops.bridge.model;

/**
 * An item that keeps a criterion from being met, with a link into the system it lives in.
 *
 * @param id  the bridge id ({@code jira:issue:10001}, {@code servicenow:incident:<sys_id>}) or a remote key
 * @param key the key people know it by (PAY-12, INC0010001)
 */
public record BlockingItem(String id, String key, String title, String status, String url) {
}
