package io.alloyfleet.alloy;

import java.util.List;
import java.util.Map;

/**
 * The valid corpus files the reference-based checks do not pass, each with the errors it gets and
 * why they are not false alarms of ours: Alloy's converter test outputs, which omit blocks the
 * reference marks required (Alloy only parses those files, it never loads them); and the places
 * where Alloy's docs and its code disagree (the catalog's README lists them).
 */
final class CatalogDisagreements {

  private CatalogDisagreements() {}

  private static final String CONVERTER =
      "internal__converter__internal__otelcolconvert__testdata__";

  /**
   * By file name: the errors expected, in order. Every one is a converter test output that omits a
   * block (or one of an "exactly one of" pair) the reference marks required: Alloy's converter
   * tests only parse these files. The doc/code disagreements the catalog's README lists (and the
   * arguments the docs omit) are corrected in {@code alloy/catalog-corrections.json} instead, so a
   * config that Alloy loads is never refused.
   */
  static final Map<String, List<String>> EXPECTED =
      Map.of(
          CONVERTER + "fileexporter.alloy",
          List.of(
              "2:1: missing required block \"output\" in otelcol.receiver.filelog",
              "5:1: missing required block \"sort_by\" in otelcol.receiver.filelog > ordering_criteria",
              "8:1: exactly one of line_end_pattern, line_start_pattern must be set in otelcol.receiver.filelog > multiline"),
          CONVERTER + "filelog.alloy",
          List.of("16:1: missing required block \"output\" in otelcol.receiver.filelog"),
          CONVERTER + "fluentforwarder.alloy",
          List.of("2:1: missing required block \"output\" in otelcol.receiver.fluentforward"),
          CONVERTER + "syslog.alloy",
          List.of("2:1: missing required block \"output\" in otelcol.receiver.syslog"),
          CONVERTER + "tcplog.alloy",
          List.of("2:1: missing required block \"output\" in otelcol.receiver.tcplog"));

  static List<String> expected(String file) {
    return EXPECTED.getOrDefault(file, List.of());
  }
}
