package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Regular expressions compile as Go's RE2 does, where Alloy compiles them at load. */
class RegexChecksTest {

  static List<String> check(String config) {
    return ComponentCheckerTest.check(config);
  }

  static String relabel(String regex) {
    return """
        prometheus.relabel "keep" {
          forward_to = []
          rule {
            source_labels = ["__name__"]
            regex         = %s
            action        = "keep"
          }
        }
        """
        .formatted(regex);
  }

  @Test
  void aLookAheadThatJavaAcceptsIsRefusedAsGoRefusesIt() {
    assertThat(check(relabel("\"up(?=_total)\"")))
        .containsExactly(
            "5:5: argument \"regex\" of prometheus.relabel > rule: error parsing regexp: invalid"
                + " or unsupported Perl syntax: `(?=`");
  }

  @Test
  void backReferencesAndPossessiveQuantifiersAreRefused() {
    assertThat(check(relabel("`(a)\\1`")))
        .containsExactly(
            "5:5: argument \"regex\" of prometheus.relabel > rule: error parsing regexp: invalid"
                + " escape sequence: `\\1`");
    assertThat(check(relabel("\"a*+\"")))
        .containsExactly(
            "5:5: argument \"regex\" of prometheus.relabel > rule: error parsing regexp: invalid"
                + " nested repetition operator: `*+`");
  }

  @Test
  void relabelRegexesAreAnchoredAsAlloyAnchorsThem() {
    assertThat(check(relabel("\"(a\"")))
        .containsExactly(
            "5:5: argument \"regex\" of prometheus.relabel > rule: error parsing regexp: missing"
                + " closing ): `^(?s:(a)$`");
  }

  @Test
  void goSyntaxThatJavaLacksIsAccepted() {
    // Java refuses (?P<name>…) and \z inside a class is fine in both; Go accepts all of these.
    assertThat(check(relabel("\"(?P<pod>[a-z]+)-(?P<hash>[0-9a-f]{5})\""))).isEmpty();
    assertThat(check(relabel("\"\\\\pL+\\\\d*\""))).isEmpty();
    assertThat(check(relabel("\"(?i)kube-.*|(?U)a+\""))).isEmpty();
    assertThat(check(relabel("sys.env(\"PATTERN\")"))).isEmpty();
  }

  @Test
  void aLokiProcessRegexStageThatDoesNotCompileIsRefused() {
    assertThat(
            check(
                """
                loki.process "parse" {
                  forward_to = []
                  stage.regex {
                    expression = "^(?P<level>\\\\w+) (?<!x)"
                  }
                  stage.match {
                    selector = "{app=\\"web\\"}"
                    stage.replace {
                      expression = "password=(\\\\S+"
                    }
                  }
                  stage.regex {
                    expression = "^(?P<time>\\\\S+) (?P<msg>.*)$"
                  }
                }
                """))
        .containsExactly(
            "4:5: argument \"expression\" of loki.process > stage.regex: could not compile"
                + " regular expression: error parsing regexp: invalid named capture: `(?<!x)`",
            "9:7: argument \"expression\" of loki.process > stage.match > stage.replace: could not"
                + " compile regular expression: error parsing regexp: missing closing ):"
                + " `password=(\\S+`");
  }
}
