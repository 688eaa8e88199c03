/**
 * What a sync or a pull request tells the Git host and Argo CD: commit statuses, refreshes, and the
 * preview of a pull request with its one comment.
 */
package io.alloyfleet.feedback;
