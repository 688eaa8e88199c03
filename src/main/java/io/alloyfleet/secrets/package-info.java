/**
 * Secrets read from mounted files, never from values, so that no secret reaches Git, logs or
 * status.
 */
package io.alloyfleet.secrets;
