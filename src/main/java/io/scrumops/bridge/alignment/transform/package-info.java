/**
 * Field transforms of the configured field mappings ({@code mappings/fields.yaml}): pure classes, free of any
 * framework, that turn a Jira field value and a ServiceNow field value into one canonical text and back. A value
 * written to one side and read back from it gives the same canonical text again, so that the bridge recognises its
 * own writes when they come back (the round trip neither grows nor changes the text).
 */
package io.scrumops.bridge.alignment.transform;
