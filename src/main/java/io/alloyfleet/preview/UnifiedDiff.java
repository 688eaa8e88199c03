package io.alloyfleet.preview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** A file's change as Git shows it: a unified diff (histogram algorithm), and its line counts. */
public record UnifiedDiff(String text, int added, int removed) {

  /**
   * {@code before} → {@code after} of {@code path}; a file that did not exist (or no longer does)
   * is compared with /dev/null.
   */
  public static UnifiedDiff of(String path, String before, String after) {
    RawText left = new RawText((before == null ? "" : before).getBytes(StandardCharsets.UTF_8));
    RawText right = new RawText((after == null ? "" : after).getBytes(StandardCharsets.UTF_8));
    EditList edits =
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
            .diff(RawTextComparator.DEFAULT, left, right);
    int added = 0;
    int removed = 0;
    for (Edit edit : edits) {
      added += edit.getLengthB();
      removed += edit.getLengthA();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(bytes)) {
      bytes.writeBytes(
          ("--- "
                  + (before != null ? "a/" + path : "/dev/null")
                  + "\n+++ "
                  + (after != null ? "b/" + path : "/dev/null")
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
      formatter.format(edits, left, right);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new UnifiedDiff(bytes.toString(StandardCharsets.UTF_8), added, removed);
  }
}
