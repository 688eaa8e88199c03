/**
 * The platform's policy: which keys teams may set, locks, RBAC rules, the Alloy policy and the
 * hosts telemetry may be sent to.
 */
package io.alloyfleet.fleet.policy;
