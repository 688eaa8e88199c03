/**
 * Files of the fleet repo into merged, checked values per cluster ({@code FleetLoader}): one
 * outcome per cluster, valid or invalid with its located problems, and identities decided once.
 */
package io.alloyfleet.fleet;
