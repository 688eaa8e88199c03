package io.alloyfleet.preview;

import io.alloyfleet.git.CommitId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preview as a pull-request comment: a summary table, every problem, and each cluster's diff in a
 * collapsed section. Text from the fleet is escaped (Markdown and HTML) or fenced with a fence
 * longer than any it holds; a comment longer than the host takes is cut whole (the table, the
 * problems, the waves and the diffs each within a budget, with counts of what was left out and a
 * link to the whole).
 */
public final class MarkdownReport {

  /** Finds the comment again on every push. */
  public static final String MARKER = "<!-- alloy-fleet-preview -->";

  /** Under GitHub's 65,536 characters a comment, with room for the note that it was cut. */
  public static final int MAX_LENGTH = 60_000;

  /** Room kept for the note that says what was cut. */
  private static final int NOTE = 500;

  /** The table lists at most this many clusters; the rest are counted. */
  static final int MAX_ROWS = 100;

  /** The problems take at most this many characters; the rest are counted. */
  static final int MAX_PROBLEMS = 20_000;

  /** One problem's line is cut at this length. */
  static final int MAX_PROBLEM_LINE = 500;

  /** A wave lists at most this many clusters; the rest are counted. */
  static final int MAX_WAVE_CLUSTERS = 20;

  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private MarkdownReport() {}

  /** {@code fullUrl}: where the whole preview is (the status API), when the comment is cut. */
  public static String of(Preview preview, Optional<String> fullUrl) {
    StringBuilder head = new StringBuilder(MARKER).append('\n');
    head.append("### Alloy Fleet preview: ").append(description(preview)).append("\n\n");
    head.append("Base `")
        .append(CommitId.of(preview.base()).shortForm())
        .append("` → head `")
        .append(CommitId.of(preview.head()).shortForm())
        .append("`. ")
        .append(preview.summary().unchanged())
        .append(" cluster(s) unchanged.\n\n");
    if (!preview.clusters().isEmpty()) {
      head.append("| Environment | Cluster | Change | Lines |\n|---|---|---|---|\n");
      for (Preview.Cluster c : preview.clusters().stream().limit(MAX_ROWS).toList()) {
        head.append("| ")
            .append(escape(c.environment()))
            .append(" | ")
            .append(escape(c.id()))
            .append(" | ")
            .append(c.change())
            .append(" | ")
            .append(
                c.change().equals("invalid") ? "—" : "+" + c.linesAdded() + " −" + c.linesRemoved())
            .append(" |\n");
      }
      if (preview.clusters().size() > MAX_ROWS) {
        head.append("\n_… and ")
            .append(preview.clusters().size() - MAX_ROWS)
            .append(" more cluster(s)")
            .append(fullUrl.map(u -> " in [the full preview](" + u + ")").orElse(""))
            .append("._\n");
      }
      head.append('\n');
    }
    StringBuilder problems = new StringBuilder();
    List<Preview.Problem> all =
        preview.clusters().stream().flatMap(c -> c.problems().stream()).toList();
    int listed = 0;
    for (Preview.Problem p : all) {
      String line =
          p.file()
              + ':'
              + p.line()
              + ':'
              + p.column()
              + ": "
              + (p.path().isEmpty() ? "" : p.path() + ": ")
              + p.message();
      if (line.length() > MAX_PROBLEM_LINE) {
        line = line.substring(0, MAX_PROBLEM_LINE) + "…";
      }
      if (problems.length() + line.length() + 1 > MAX_PROBLEMS) {
        break;
      }
      problems.append(line).append('\n');
      listed++;
    }
    if (!problems.isEmpty()) {
      head.append("**Problems** (the clusters keep their last good render until fixed)\n\n")
          .append(fenced(problems.toString(), "text"))
          .append('\n');
    }
    if (listed < all.size()) {
      head.append("_")
          .append(listed)
          .append(" of ")
          .append(all.size())
          .append(" problem(s) shown; ")
          .append(all.size() - listed)
          .append(" more")
          .append(fullUrl.map(u -> " in [the full preview](" + u + ")").orElse(""))
          .append("._\n\n");
    }
    for (Preview.Rollout rollout : preview.rollouts()) {
      head.append("**Rollout in ").append(escape(rollout.environment())).append("**: ");
      for (int i = 0; i < rollout.waves().size(); i++) {
        Preview.Wave wave = rollout.waves().get(i);
        head.append(i == 0 ? "" : " → ")
            .append(escape(wave.name()))
            .append(" (")
            .append(
                escape(
                    String.join(", ", wave.clusters().stream().limit(MAX_WAVE_CLUSTERS).toList())))
            .append(
                wave.clusters().size() > MAX_WAVE_CLUSTERS
                    ? " and " + (wave.clusters().size() - MAX_WAVE_CLUSTERS) + " more"
                    : "")
            .append(')');
      }
      head.append("\n\n");
      rollout
          .gates()
          .forEach(
              (cluster, query) ->
                  head.append("- Prometheus gate of ")
                      .append(escape(cluster))
                      .append(": ")
                      .append(escape(query))
                      .append('\n'));
      head.append(rollout.gates().isEmpty() ? "" : "\n");
    }
    StringBuilder text = new StringBuilder(head);
    int shown = 0;
    for (Preview.Cluster c : preview.clusters()) {
      if (c.diff().isEmpty()) {
        shown++;
        continue;
      }
      String section =
          "<details><summary>"
              + escape(c.id())
              + " ("
              + escape(c.environment())
              + "): "
              + c.change()
              + ", +"
              + c.linesAdded()
              + " −"
              + c.linesRemoved()
              + "</summary>\n\n"
              + fenced(c.diff(), "diff")
              + "\n</details>\n\n";
      if (text.length() + section.length() > MAX_LENGTH - NOTE) {
        break;
      }
      text.append(section);
      shown++;
    }
    if (shown < preview.clusters().size()) {
      text.append("_Cut at ")
          .append(MAX_LENGTH)
          .append(" characters: ")
          .append(preview.clusters().size() - shown)
          .append(" more cluster diff(s)")
          .append(fullUrl.map(u -> " in [the full preview](" + u + ")").orElse(""))
          .append("._\n");
    }
    return text.toString();
  }

  /** "3 clusters change, 1 invalid": the commit status's description too. */
  public static String description(Preview preview) {
    int changed = preview.summary().changed();
    String text =
        changed == 0
            ? "no cluster changes"
            : changed + (changed == 1 ? " cluster changes" : " clusters change");
    return preview.summary().invalid() == 0
        ? text
        : text + ", " + preview.summary().invalid() + " invalid";
  }

  /** A code block whose fence no line of {@code text} can close. */
  static String fenced(String text, String language) {
    int longest = 2;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    String fence = "`".repeat(longest + 1);
    return fence + language + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
  }

  /** Text shown as Markdown: HTML and Markdown's own characters escaped, lines joined. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\n', '\r' -> out.append(' ');
        case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
