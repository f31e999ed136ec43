/**
 * The inbound pipeline shared by every source: accept (validate, identify, store in the inbox), publish to Kafka
 * keyed by item, normalize into the store, quarantine what cannot be mapped, replay it once the mapping is fixed.
 */
package io.scrumops.bridge.ingest;
