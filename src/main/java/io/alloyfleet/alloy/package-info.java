/**
 * The Alloy language: scanner, parser, types, the component reference (catalog) and the checks
 * Alloy runs when it loads a config.
 */
package io.alloyfleet.alloy;
