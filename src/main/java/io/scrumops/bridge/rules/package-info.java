/**
 * The ScrumOps rules: recurring stories and sprint rollover, work package templates, escalation and SLA clocks.
 * Each decision is a pure function of the model, its policy records and a clock; it returns decisions and
 * {@link io.scrumops.bridge.rules.RuleCommand}s that writers apply once, by their idempotency key.
 * Nothing here reads files, talks to a system or knows a framework.
 */
package io.scrumops.bridge.rules;
