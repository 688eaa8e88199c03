package io.alloyfleet.alloy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.alloy.ComponentCatalog.Shape;
import io.alloyfleet.text.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Alloy refuses when it loads a block, beyond its shape and literal types: strings it decodes
 * into known values, regular expressions it compiles (as Go's RE2 does), and the {@code Validate()}
 * of the components users write most ({@link LoadValidations}). The value lists and regex arguments
 * are data ({@code alloy/load-rules.json}, each with the Alloy source file it comes from). Read
 * once; immutable.
 */
final class LoadChecks {

  static final String RESOURCE = "alloy/load-rules.json";

  /** A problem Alloy reports on loading a block: at an argument, or (none) at the block. */
  record Problem(Optional<String> argument, String message) {
    static Problem at(String argument, String message) {
      return new Problem(Optional.of(argument), message);
    }

    static Problem block(String message) {
      return new Problem(Optional.empty(), message);
    }
  }

  /** Which blocks an entry applies to: named ones, or every block with these arguments. */
  record Where(List<String> in, Set<String> withArguments) {
    boolean matches(String where, Shape shape) {
      if (!withArguments.isEmpty()) {
        return shape.args().keySet().containsAll(withArguments);
      }
      for (String path : in) {
        if (path.equals(where)) {
          return true;
        }
        int split = path.indexOf(" > ");
        if (split > 0
            && where.startsWith(path.substring(0, split) + " > ")
            && where.endsWith(path.substring(path.lastIndexOf(" > ")))) {
          return true;
        }
      }
      return false;
    }
  }

  /** A string Alloy decodes into one of {@code values}, refused in its {@code message} (%q). */
  record Enum(Where where, String argument, List<String> values, String message, String source) {}

  /** A string Alloy compiles as a Go regular expression, wrapped as {@code wrap} says (%s). */
  record Regex(Where where, String argument, String wrap, String message, String source) {}

  private final List<Enum> enums;
  private final List<Regex> regexes;

  private LoadChecks(List<Enum> enums, List<Regex> regexes) {
    this.enums = enums;
    this.regexes = regexes;
  }

  private static final class Default {
    static final LoadChecks CHECKS = load();
  }

  static LoadChecks get() {
    return Default.CHECKS;
  }

  /** The entries and rules that apply to one block (the same for every config). */
  private record Applicable(
      List<Enum> enums, List<Regex> regexes, List<LoadValidations.Rule> validations) {
    boolean none() {
      return enums.isEmpty() && regexes.isEmpty() && validations.isEmpty();
    }
  }

  /** Bounds the caches below: block paths and regexes are the team's text. */
  private static final int CACHED = 10_000;

  private final Map<String, Applicable> applicable = new ConcurrentHashMap<>();
  private final Map<String, Optional<String>> regexErrors = new ConcurrentHashMap<>();

  /**
   * Every problem Alloy would report on loading the block {@code where} (as the checks name it).
   */
  List<Problem> check(String where, Shape shape, Syntax.Body body) {
    Applicable here = applicable.get(where);
    if (here == null) {
      here =
          new Applicable(
              enums.stream().filter(e -> e.where().matches(where, shape)).toList(),
              regexes.stream().filter(r -> r.where().matches(where, shape)).toList(),
              LoadValidations.rulesFor(where, shape));
      if (applicable.size() < CACHED) {
        applicable.put(where, here);
      }
    }
    if (here.none()) {
      return List.of();
    }
    BlockValues values = new BlockValues(body);
    List<Problem> problems = new ArrayList<>();
    for (Enum e : here.enums()) {
      if (values.has(e.argument())) {
        for (String value : values.strings(e.argument())) {
          if (!e.values().contains(value)) {
            problems.add(Problem.at(e.argument(), unknownValue(e, value)));
            break;
          }
        }
      }
    }
    for (Regex r : here.regexes()) {
      if (values.has(r.argument())) {
        values
            .string(r.argument())
            .flatMap(regex -> regexError(r.wrap().replace("%s", regex)))
            .ifPresent(error -> problems.add(Problem.at(r.argument(), r.message() + error)));
      }
    }
    problems.addAll(LoadValidations.check(here.validations(), values));
    return problems;
  }

  /** Go's error compiling {@code regex}, remembered: configs repeat their regexes. */
  private Optional<String> regexError(String regex) {
    Optional<String> known = regexErrors.get(regex);
    if (known == null) {
      known = GoText.regexError(regex);
      if (regexErrors.size() < CACHED) {
        regexErrors.put(regex, known);
      }
    }
    return known;
  }

  private static String unknownValue(Enum e, String value) {
    String message =
        e.message().contains("%q")
            ? e.message().replace("%q", GoText.quote(value))
            : e.message().replace("%s", value);
    return message
        + Text.closest(value, e.values().stream().filter(v -> !v.isEmpty()).toList())
            .map(c -> " (did you mean " + Text.quote(c) + "?)")
            .orElse("");
  }

  private static LoadChecks load() {
    try (InputStream in = LoadChecks.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Enum> enums = new ArrayList<>();
      for (JsonNode e : root.path("enums")) {
        enums.add(
            new Enum(
                where(e),
                e.path("argument").asText(),
                strings(e.path("values")),
                e.path("message").asText(),
                e.path("source").asText()));
      }
      List<Regex> regexes = new ArrayList<>();
      for (JsonNode r : root.path("regexes")) {
        regexes.add(
            new Regex(
                where(r),
                r.path("argument").asText(),
                r.path("wrap").asText("%s"),
                r.path("message").asText(),
                r.path("source").asText()));
      }
      return new LoadChecks(List.copyOf(enums), List.copyOf(regexes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static Where where(JsonNode entry) {
    return new Where(strings(entry.path("in")), Set.copyOf(strings(entry.path("in_blocks_with"))));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }
}
