/** Deployment events from CI/CD tools normalized through {@code mappings/deployments.yaml}. */
package io.scrumops.bridge.adapter.deploy;
