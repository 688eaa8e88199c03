package io.alloyfleet.fleet.values;

import java.util.List;

/**
 * A key path into the values, as problems and the schema name them: {@code rbac.scope}, {@code
 * rbac.additionalRules[0].verbs}. Each dot separates two keys; an index stays on its key.
 */
public record KeyPath(String text) {

  public static KeyPath of(String text) {
    return new KeyPath(text);
  }

  /** The keys, one per dot-separated part ({@code a.} has an empty last key). */
  public List<String> keys() {
    return List.of(text.split("\\.", -1));
  }

  /** The top-level section the path is in: {@code rbac} for {@code rbac.additionalRules[0]}. */
  public String section() {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '.' || text.charAt(i) == '[') {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /** The path of the first {@code count} keys: {@code rbac.scope} of {@code rbac.scope.x}. */
  public KeyPath prefix(int count) {
    return new KeyPath(String.join(".", keys().subList(0, count)));
  }

  @Override
  public String toString() {
    return text;
  }
}
