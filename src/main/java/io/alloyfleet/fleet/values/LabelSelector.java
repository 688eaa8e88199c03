package io.alloyfleet.fleet.values;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which clusters a group or a rollout wave takes, by their labels, as a Kubernetes label selector:
 * exact labels ({@code matchLabels}) and set-based expressions ({@code matchExpressions}), all of
 * which must hold. A group's selector may have both; a wave's has exact labels only.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Expression> matchExpressions) {

  /** The selector with no conditions: it matches every cluster. */
  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** A selector of exact labels only. */
  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  /** Whether it has no condition at all (and so matches every cluster). */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> label : matchLabels.entrySet()) {
      if (!label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    return matchExpressions.stream().allMatch(e -> e.matches(labels));
  }

  /**
   * One expression of a selector: {@code In}, {@code NotIn}, {@code Exists} or {@code
   * DoesNotExist}.
   */
  public record Expression(String key, Operator operator, Set<String> values) {

    public Expression {
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  public enum Operator {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist");

    private final String word;

    Operator(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public static Operator of(String word) {
      for (Operator operator : values()) {
        if (operator.word.equals(word)) {
          return operator;
        }
      }
      throw new IllegalArgumentException(word);
    }

    public boolean takesValues() {
      return this == IN || this == NOT_IN;
    }
  }
}
