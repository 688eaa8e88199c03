/**
 * The values of a cluster: the values schema (the one place defaults live), its formats and key
 * paths, Go durations, labels and the one label selector of groups and waves, and the typed view of
 * merged values.
 */
package io.alloyfleet.fleet.values;
