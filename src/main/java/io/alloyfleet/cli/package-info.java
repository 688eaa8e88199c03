/**
 * The command line: {@code render}, {@code validate}, {@code diff}, {@code preview}, {@code
 * explain}, {@code check-alloy} and {@code serve}, with their exit codes and compiler-style
 * problems.
 */
package io.alloyfleet.cli;
