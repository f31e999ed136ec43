/** Dry run of the mapping files on a recorded payload, before they go live. */
package io.scrumops.bridge.mapping.preview;
