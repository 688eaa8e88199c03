/**
 * The engine: the ordered stages of a sync, its triggers, schedule, retries, leadership per
 * environment, traces and metrics, and the demo fleet.
 */
package io.alloyfleet.sync;
