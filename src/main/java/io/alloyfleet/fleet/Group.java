package io.alloyfleet.fleet;

import io.alloyfleet.fleet.Node.MapNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file {@code groups/<name>.yaml}: values for every cluster whose labels its selector matches,
 * merged after the environment file and before {@code cluster.yaml}, in ascending priority, then by
 * name. {@code problems} are those of its values: they make the clusters it matches invalid.
 */
public record Group(
    String name,
    String file,
    Selector selector,
    long priority,
    MapNode values,
    List<Problem> problems) {

  public static final String DIRECTORY = "groups";

  /** The order groups merge in: a higher priority is merged later, so it wins. */
  public static final Comparator<Group> MERGE_ORDER =
      Comparator.comparingLong(Group::priority).thenComparing(Group::name);

  public Group {
    problems = List.copyOf(problems);
  }

  public boolean matches(Map<String, String> labels) {
    return selector.matches(labels);
  }

  /**
   * Label conditions that must all hold: exact labels, and set-based expressions as in Kubernetes.
   */
  public record Selector(Map<String, String> matchLabels, List<Expression> matchExpressions) {

    public Selector {
      matchLabels = Map.copyOf(matchLabels);
      matchExpressions = List.copyOf(matchExpressions);
    }

    public boolean matches(Map<String, String> labels) {
      for (Map.Entry<String, String> label : matchLabels.entrySet()) {
        if (!label.getValue().equals(labels.get(label.getKey()))) {
          return false;
        }
      }
      return matchExpressions.stream().allMatch(e -> e.matches(labels));
    }
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

    static Operator of(String word) {
      for (Operator operator : values()) {
        if (operator.word.equals(word)) {
          return operator;
        }
      }
      throw new IllegalArgumentException(word);
    }

    boolean takesValues() {
      return this == IN || this == NOT_IN;
    }
  }
}
