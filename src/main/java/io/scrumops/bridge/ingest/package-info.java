/**
 * The inbound pipeline shared by every source: accept (validate, identify, store in the inbox), publish to Kafka
 * keyed by item, normalize into the store, quarantine what cannot be mapped, replay it once the mapping is fixed;
 * and the dry run of that mapping ({@link io.scrumops.bridge.ingest.MappingPreview}) on a recorded payload.
 */
package io.scrumops.bridge.ingest;
