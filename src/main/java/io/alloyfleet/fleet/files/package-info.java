/**
 * A fleet repository's files as the loader reads them: a directory, a commit's tree, memory, or a
 * pinned mix of commits; YAML read into nodes that keep their locations.
 */
package io.alloyfleet.fleet.files;
