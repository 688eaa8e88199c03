/**
 * A cluster's values into its files ({@code config.alloy} and manifests) through Qute, with every
 * value escaped for the language it lands in.
 */
package io.alloyfleet.render;
