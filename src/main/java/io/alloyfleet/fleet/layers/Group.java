package io.alloyfleet.fleet.layers;

import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.Node.MapNode;
import io.alloyfleet.fleet.values.LabelSelector;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A file {@code groups/<name>.yaml}: values for every cluster whose labels its selector matches,
 * merged after the environment file and before {@code cluster.yaml}, in ascending priority, then by
 * name. {@code problems} are those of its values: they make the clusters it matches invalid.
 */
public record Group(
    String name,
    String file,
    LabelSelector selector,
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
}
