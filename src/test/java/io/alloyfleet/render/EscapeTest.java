package io.alloyfleet.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.alloy.AlloyChecker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Values with quotes, backslashes, braces and control characters survive both languages. */
class EscapeTest {

  static final List<String> NASTY =
      List.of(
          "plain",
          "with \"quotes\"",
          "back\\slash",
          "new\nline",
          "tab\there",
          "{brace}",
          "`tick` \"and\" quote",
          "\u0001ctl",
          "ünïcødé");

  @Test
  void alloyStringsParseBackToTheSameValue() {
    for (String value : NASTY) {
      String config = "x = " + Escape.alloy(value) + "\n";
      assertThat(AlloyChecker.syntax(config)).as(config).isEmpty();
    }
  }

  @Test
  void yamlStringsParseBackToTheSameValue() {
    for (String value : NASTY) {
      Object parsed = new Yaml().load("k: " + Escape.yaml(value));
      assertThat(parsed).isEqualTo(java.util.Map.of("k", value));
    }
  }
}
