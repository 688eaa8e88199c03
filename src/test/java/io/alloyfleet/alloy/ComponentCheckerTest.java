package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mistakes custom configs make most, each caught with its line and a did-you-mean. */
class ComponentCheckerTest {

  static List<String> check(String config) {
    return AlloyChecker.check(config).stream()
        .map(e -> e.line() + ":" + e.column() + ": " + AlloyError.describe(e))
        .toList();
  }

  @Test
  void typoInAReferenceIsCaught() {
    assertThat(
            check(
                """
        loki.write "central" {
          endpoint {
            url = "https://loki.example.com"
          }
        }
        loki.source.kubernetes "pods" {
          targets    = []
          forward_to = [loki.write.centrl.receiver]
        }
        """))
        .containsExactly(
            "8:17: reference to undeclared component loki.write \"centrl\" (did you mean \"central\"?)");
  }

  @Test
  void unknownExportIsCaught() {
    assertThat(
            check(
                """
        discovery.kubernetes "pods" {
          role = "pod"
        }
        discovery.relabel "x" {
          targets = discovery.kubernetes.pods.target
        }
        """))
        .containsExactly(
            "5:13: discovery.kubernetes has no export \"target\" (did you mean \"targets\"?)");
  }

  @Test
  void unknownComponentArgumentAndBlockAreCaught() {
    assertThat(
            check(
                """
        prometheus.scrap "a" { }
        prometheus.scrape "b" {
          targets = []
          forward_to = []
          scrape_intervall = "10s"
          clusterin {
            enabled = true
          }
        }
        """))
        .containsExactly(
            "1:1: unknown component \"prometheus.scrap\" (did you mean \"prometheus.scrape\"?)",
            "5:3: unknown argument \"scrape_intervall\" in prometheus.scrape (did you mean \"scrape_interval\"?)",
            "6:3: unknown block \"clusterin\" in prometheus.scrape (did you mean \"clustering\"?)");
  }

  @Test
  void requiredArgumentsAndBlocksMustBePresent() {
    assertThat(
            check(
                """
        discovery.kubernetes "pods" {
          namespaces {
            names = ["a"]
          }
        }
        otelcol.exporter.otlp "x" {
          timeout = "5s"
        }
        """))
        .containsExactly(
            "2:1: missing required argument \"role\" in discovery.kubernetes",
            "7:1: missing required block \"client\" in otelcol.exporter.otlp");
  }

  @Test
  void componentsNeedAUniqueLabel() {
    assertThat(
            check(
                """
        prometheus.exporter.self { }
        prometheus.exporter.self "a" { }
        prometheus.exporter.self "a" { }
        """))
        .containsExactly(
            "1:1: component \"prometheus.exporter.self\" must have a label",
            "3:1: component prometheus.exporter.self \"a\" is declared twice (first at line 2)");
  }

  @Test
  void declareBodiesAreTheirOwnScope() {
    assertThat(
            check(
                """
        loki.write "outer" {
          endpoint {
            url = "http://loki"
          }
        }
        declare "pipeline" {
          argument "to" { }
          loki.source.kubernetes "pods" {
            targets    = []
            forward_to = [loki.write.outer.receiver]
          }
        }
        pipeline "main" {
          to = [loki.write.outer.receiver]
        }
        """))
        .containsExactly("10:19: reference to undeclared component loki.write \"outer\"");
  }

  @Test
  void stdlibAndArgumentsAreNotComponents() {
    assertThat(
            check(
                """
        declare "d" {
          argument "x" { }
          otelcol.auth.bearer "t" {
            token = coalesce(argument.x.value, sys.env("TOKEN"))
          }
        }
        """))
        .isEmpty();
  }
}
