/**
 * The ScrumOps model: immutable records and enums shared by every adapter, rule and report.
 * Nothing here knows a vendor, a framework or a database.
 */
package io.scrumops.bridge.model;
