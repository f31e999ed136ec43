/**
 * The user-editable mapping files under {@code mappings/}: loading, validation and the set in force. Every mistake in
 * a file is a {@link io.scrumops.bridge.mapping.MappingFileException} naming the file, the dotted key and the value;
 * a source value a file does not list is an {@link io.scrumops.bridge.mapping.UnknownMappingValueException}.
 */
package io.scrumops.bridge.mapping;
