/**
 * Which shared layers each cluster renders with: an environment's rollout read from its branch, its
 * waves, gates, soaks, halts and operators' requests.
 */
package io.alloyfleet.rollout;
