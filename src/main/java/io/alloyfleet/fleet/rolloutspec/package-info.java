/**
 * Rollout specs as written in the fleet repo: environment order, waves, gates and deadlines,
 * validated like any value.
 */
package io.alloyfleet.fleet.rolloutspec;
