/**
 * Layer merging: fleet, environment, the groups whose selectors match a cluster's labels, and the
 * cluster's own file, with where each value came from.
 */
package io.alloyfleet.fleet.layers;
