/**
 * Files of the fleet repo into merged, checked values per cluster: layers and groups, the values
 * schema, the policy, rollout specs, and every problem located at its file and line.
 */
package io.alloyfleet.fleet;
