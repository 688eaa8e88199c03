package io.alloyfleet.fleet.files;

/**
 * A piece of user-written Alloy text and where it came from, so a problem found in it is reported
 * at the line of the file the user edits: the {@code customConfig} value inside cluster.yaml
 * (starting at {@code firstLine}, indented to {@code firstColumn}), or a {@code
 * clusters/<id>/*.alloy} file.
 */
public record AlloySource(String file, int firstLine, int firstColumn, String text) {}
