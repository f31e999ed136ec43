/** ServiceNow Table API and Change Management API records normalized through {@code mappings/servicenow.yaml}. */
package io.scrumops.bridge.adapter.servicenow;
