/**
 * The checks of a rendered cluster: its Alloy config loaded as Alloy would (through {@code alloy}),
 * the policy on team Alloy (allow-lists derived from the reference), and the manifests read back.
 */
package io.alloyfleet.check;
