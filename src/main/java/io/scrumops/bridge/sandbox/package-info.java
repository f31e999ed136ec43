/**
 * The sandbox: in-process stand-ins for Jira and ServiceNow (WireMock servers answering from state kept in memory)
 * and a generator that runs the teams' day against them, so that the bridge runs its real code paths with nothing to
 * connect. Switched on by {@code --sandbox} or {@code SCRUMOPS_SANDBOX=true}; configured by
 * {@link io.scrumops.bridge.sandbox.SandboxEnvironmentPostProcessor} and
 * {@link io.scrumops.bridge.sandbox.SandboxAutoConfiguration}. No other package imports this one.
 */
package io.scrumops.bridge.sandbox;
