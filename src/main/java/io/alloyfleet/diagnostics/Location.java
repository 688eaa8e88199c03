package io.alloyfleet.diagnostics;

/** A position in a fleet file: 1-based line and column, as editors and compilers show them. */
public record Location(String file, int line, int column) {

  /** The start of a file, for problems that belong to a file rather than a value in it. */
  public static Location of(String file) {
    return new Location(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
