/**
 * PostgreSQL state of the bridge: model records (with the source version guard), sync links,
 * the inbox of raw inbound records, the outbox of commands to remote systems, audit, quarantine
 * and polling watermarks. Schema in {@code db/migration}.
 */
package io.scrumops.bridge.store;
