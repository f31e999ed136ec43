/**
 * Releases, their phases and gate criteria, and their continuous evaluation. {@link io.scrumops.bridge.gates.GateEvaluator}
 * is the pure decision (no framework, no SQL); {@code GateEvidenceRepository} gathers its evidence from the store, and
 * {@code GateService} runs it when an item, deployment or sign-off changes, records verdict changes and writes them back.
 */
package io.scrumops.bridge.gates;
