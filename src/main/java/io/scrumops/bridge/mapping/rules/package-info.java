/**
 * Loads the rule files {@code mappings/sla.yaml} and {@code mappings/templates.yaml} into the policy records of
 * {@code io.scrumops.bridge.rules}, refusing anything doubtful with a {@link io.scrumops.bridge.mapping.MappingFileException}
 * that names the file, the dotted key and the value.
 */
package io.scrumops.bridge.mapping.rules;
