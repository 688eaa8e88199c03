/**
 * The Alloy language and the output checks: scanner, parser and component reference, the load-time
 * rules Alloy runs, the policy on team Alloy, and the rendered manifests read back.
 */
package io.alloyfleet.check;
