/**
 * Loads the rule files {@code mappings/teams.yaml}, {@code mappings/sla.yaml} and {@code mappings/templates.yaml}
 * (reloaded with the other mapping files, see {@link io.scrumops.bridge.mapping.MappingRegistry}) into the records of
 * {@code io.scrumops.bridge.rules}, refusing anything doubtful with a {@link io.scrumops.bridge.mapping.MappingFileException}
 * that names the file, the dotted key and the value.
 */
package io.scrumops.bridge.mapping.rules;
