/**
 * Two revisions of the fleet into the clusters whose inputs differ, rendered and checked on both
 * sides, their diffs and problems, and the pull-request comment.
 */
package io.alloyfleet.preview;
