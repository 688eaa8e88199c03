package io.alloyfleet.text;

import java.util.Collection;
import java.util.Optional;

/** Small text helpers for problem messages: quoting and did-you-mean. */
public final class Text {

  private Text() {}

  /** A value as a double-quoted string, shortened and with control characters escaped. */
  public static String quote(String value) {
    return Escaping.TEXT.quoted(value.length() > 60 ? value.substring(0, 57) + "..." : value);
  }

  /**
   * Team-written text made safe to print on one line of a log, a terminal or a CI annotation: line
   * breaks (YAML's too: U+0085, U+2028, U+2029), other control characters and the bidirectional
   * overrides that reorder what a reader sees are written as escapes ({@link Escaping#TEXT}).
   */
  public static String printable(String text) {
    return Escaping.TEXT.escaped(text);
  }

  /** The closest candidate within a small edit distance, for "did you mean" hints. */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(word.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, word.length() / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** Optimal string alignment distance: edits, with a swap of neighbours counted once. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** A plain value (maps, lists, scalars) as JSON with sorted keys: equal values, equal text. */
  public static String canonicalJson(Object plain) {
    try {
      return CANONICAL.writeValueAsString(plain);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write values as JSON", e);
    }
  }
}
