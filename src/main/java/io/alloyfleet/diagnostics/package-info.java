/**
 * Problems as a compiler reports them: a location (file, line, column), a key path, a message and a
 * hint.
 */
package io.alloyfleet.diagnostics;
