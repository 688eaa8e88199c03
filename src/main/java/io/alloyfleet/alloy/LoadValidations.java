package io.alloyfleet.alloy;

import io.alloyfleet.alloy.ComponentCatalog.Shape;
import io.alloyfleet.alloy.LoadChecks.Problem;
import io.alloyfleet.alloy.LoadChecks.Where;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code Validate()} of Alloy's blocks that users write most, judged on the values a block's
 * text tells (a value Alloy computes is not guessed at). Each rule names the Alloy source file
 * (grafana/alloy at the catalog's commit) its logic and message come from, and applies the same
 * defaults that file sets.
 */
final class LoadValidations {

  private LoadValidations() {}

  /** A rule: the Alloy source file it follows, the blocks it applies to, what it refuses. */
  record Rule(
      String source,
      BiPredicate<String, Shape> applies,
      Function<BlockValues, List<Problem>> check) {}

  /** The arguments of a relabel rule (relabel.Config), whichever component holds it. */
  static final Set<String> RELABEL_RULE =
      Set.of("action", "regex", "source_labels", "target_label", "replacement", "modulus");

  /** The Prometheus HTTP client (common/config.HTTPClientConfig), squashed into its holder. */
  static final Set<String> HTTP_CLIENT_ARGS = Set.of("bearer_token", "bearer_token_file");

  static final Set<String> HTTP_CLIENT_BLOCKS = Set.of("basic_auth", "authorization", "oauth2");

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "internal/component/common/relabel/relabel.go",
              (where, shape) -> shape.args().keySet().containsAll(RELABEL_RULE),
              LoadValidations::relabelRule),
          new Rule(
              "internal/component/prometheus/scrape/scrape.go",
              at("prometheus.scrape"),
              LoadValidations::scrape),
          new Rule(
              "internal/component/common/config/types.go",
              (where, shape) ->
                  shape.args().keySet().containsAll(HTTP_CLIENT_ARGS)
                      && shape.blocks().keySet().containsAll(HTTP_CLIENT_BLOCKS),
              HttpClientValidations::httpClient),
          new Rule(
              "internal/component/prometheus/remotewrite/types.go",
              at("prometheus.remote_write > endpoint"),
              HttpClientValidations::remoteWriteAuth),
          new Rule(
              "internal/component/prometheus/remotewrite/types.go",
              at("prometheus.remote_write > wal"),
              LoadValidations::remoteWriteWal),
          new Rule(
              "internal/component/loki/write/write.go",
              at("loki.write > wal"),
              LoadValidations::lokiWriteWal),
          new Rule(
              "internal/component/otelcol/processor/batch/batch.go",
              at("otelcol.processor.batch"),
              LoadValidations::batch),
          new Rule(
              "internal/component/otelcol/config_queue.go",
              (where, shape) -> where.startsWith("otelcol.") && where.endsWith(" > sending_queue"),
              LoadValidations::sendingQueue),
          new Rule(
              "internal/component/otelcol/config_queue.go",
              (where, shape) ->
                  where.startsWith("otelcol.") && where.endsWith(" > sending_queue > batch"),
              LoadValidations::queueBatch),
          new Rule(
              "internal/component/otelcol/config_retry.go",
              (where, shape) ->
                  where.startsWith("otelcol.") && where.endsWith(" > retry_on_failure"),
              LoadValidations::retry),
          new Rule(
              "internal/component/otelcol/exporter/otlphttp/otlphttp.go",
              at("otelcol.exporter.otlphttp"),
              LoadValidations::otlphttp),
          new Rule(
              "internal/component/otelcol/receiver/otlp/otlp.go",
              at("otelcol.receiver.otlp > http"),
              LoadValidations::otlpHttpPaths),
          new Rule(
              "internal/component/loki/process/stages (regex.go, json.go, template.go)",
              at(
                  "loki.process > stage.regex",
                  "loki.process > stage.json",
                  "loki.process > stage.template"),
              LoadValidations::stageSource),
          new Rule(
              "internal/component/loki/process/stages/json.go",
              at("loki.process > stage.json"),
              LoadValidations::stageJson),
          new Rule(
              "internal/component/loki/process/stages (cri.go, multiline.go)",
              at("loki.process > stage.cri", "loki.process > stage.multiline"),
              LoadValidations::stageLimits));

  /** The rules that apply to the block {@code where}. */
  static List<Rule> rulesFor(String where, Shape shape) {
    return RULES.stream().filter(r -> r.applies().test(where, shape)).toList();
  }

  static List<Problem> check(List<Rule> rules, BlockValues values) {
    List<Problem> problems = new ArrayList<>();
    for (Rule rule : rules) {
      problems.addAll(rule.check().apply(values));
    }
    return problems;
  }

  private static BiPredicate<String, Shape> at(String... paths) {
    Where where = new Where(List.of(paths), Set.of());
    return where::matches;
  }

  /** The argument is a literal, non-empty string (Go's {@code len(x) > 0}). */
  static boolean set(BlockValues v, String argument) {
    return v.string(argument).map(s -> !s.isEmpty()).orElse(false);
  }

  /** The argument is absent or a literal empty string (Go's {@code len(x) == 0}). */
  static boolean empty(BlockValues v, String argument) {
    return !v.has(argument) || v.string(argument).map(String::isEmpty).orElse(false);
  }

  /** A problem at {@code argument} when it is written, else at the block. */
  static Problem on(BlockValues values, String argument, String message) {
    return values.has(argument) ? Problem.at(argument, message) : Problem.block(message);
  }

  // --- internal/component/common/relabel/relabel.go: (*Config).Validate ---

  private static final Pattern RELABEL_TARGET =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");
  private static final Set<String> NEEDS_TARGET =
      Set.of("replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal");
  private static final Set<String> CASE_OR_EQUAL =
      Set.of("lowercase", "uppercase", "keepequal", "dropequal");

  private static List<Problem> relabelRule(BlockValues v) {
    if (!v.known(RELABEL_RULE.toArray(String[]::new)) || !v.known("separator")) {
      return List.of();
    }
    String action = v.string("action", "replace");
    String target = v.string("target_label", "");
    String replacement = v.string("replacement", "$1");
    double modulus = v.number("modulus", 0);
    String separator = v.string("separator", ";");
    Optional<String> problem = Optional.empty();
    if (modulus == 0 && action.equals("hashmod")) {
      problem = Optional.of("relabel configuration for hashmod requires non-zero modulus");
    } else if (NEEDS_TARGET.contains(action) && target.isEmpty()) {
      problem =
          Optional.of(
              "relabel configuration for " + action + " action requires 'target_label' value");
    } else if (action.equals("replace")
        && target.contains("$")
        && !RELABEL_TARGET.matcher(target).matches()) {
      problem =
          Optional.of(
              GoText.quote(target) + " is invalid 'target_label' for " + action + " action");
    } else if (CASE_OR_EQUAL.contains(action) && !replacement.equals("$1")) {
      problem = Optional.of("'replacement' can not be set for " + action + " action");
    } else if (action.equals("labelmap") && !RELABEL_TARGET.matcher(replacement).matches()) {
      problem =
          Optional.of(
              GoText.quote(replacement) + " is invalid 'replacement' for " + action + " action");
    } else if ((action.equals("labeldrop") || action.equals("labelkeep"))
        && (v.has("source_labels")
            || !target.isEmpty()
            || modulus != 0
            || !separator.equals(";")
            || !replacement.equals("$1"))) {
      problem = Optional.of(action + " action requires only 'regex', and no other fields");
    } else if ((action.equals("keepequal") || action.equals("dropequal"))
        && (!v.string("regex", "(.*)").equals("(.*)") || modulus != 0 || !separator.equals(";"))) {
      problem =
          Optional.of(
              action
                  + " action requires only 'source_labels' and 'target_label', and no other"
                  + " fields");
    }
    return problem.map(p -> List.of(on(v, "action", p))).orElse(List.of());
  }

  // --- internal/component/prometheus/scrape/scrape.go: (*Arguments).Validate ---

  private static final List<String> DEFAULT_SCRAPE_PROTOCOLS =
      List.of(
          "OpenMetricsText1.0.0",
          "OpenMetricsText0.0.1",
          "PrometheusText1.0.0",
          "PrometheusText0.0.4");

  private static List<Problem> scrape(BlockValues v) {
    List<Problem> problems = new ArrayList<>();
    OptionalLong timeout = v.duration("scrape_timeout", 10_000_000_000L);
    OptionalLong interval = v.duration("scrape_interval", 60_000_000_000L);
    if (v.known("scrape_timeout", "scrape_interval", "job_name")
        && timeout.isPresent()
        && interval.isPresent()
        && timeout.getAsLong() > interval.getAsLong()) {
      problems.add(
          on(
              v,
              "scrape_timeout",
              "scrape_timeout ("
                  + GoText.duration(timeout.getAsLong())
                  + ") greater than scrape_interval ("
                  + GoText.duration(interval.getAsLong())
                  + ") for scrape config with job name "
                  + GoText.quote(v.string("job_name", ""))));
    }
    if (!v.known("scrape_protocols", "enable_protobuf_negotiation", "scrape_native_histograms")) {
      return problems;
    }
    List<String> protocols =
        v.has("scrape_protocols") ? v.strings("scrape_protocols") : DEFAULT_SCRAPE_PROTOCOLS;
    boolean negotiation = v.bool("enable_protobuf_negotiation").orElse(false);
    if (negotiation && !protocols.equals(DEFAULT_SCRAPE_PROTOCOLS)) {
      problems.add(
          on(
              v,
              "scrape_protocols",
              "both enable_protobuf_negotiation and scrape_protocols are set, only one can be set"
                  + " at a time"));
    } else if (!negotiation
        && v.bool("scrape_native_histograms").orElse(false)
        && !protocols.equals(DEFAULT_SCRAPE_PROTOCOLS)
        && !protocols.contains("PrometheusProto")) {
      problems.add(
          on(
              v,
              "scrape_protocols",
              "scrape_native_histograms is set to true, but PrometheusProto is not in"
                  + " scrape_protocols"));
    }
    Set<String> seen = new HashSet<>();
    for (String p : v.has("scrape_protocols") ? protocols : List.<String>of()) {
      if (!seen.add(p)) {
        problems.add(
            on(
                v,
                "scrape_protocols",
                "duplicate scrape protocol "
                    + GoText.quote(p)
                    + ": make sure the scrape protocols provided are unique"));
        break;
      }
    }
    if (v.known("metric_name_validation_scheme", "metric_name_escaping_scheme")
        && v.string("metric_name_escaping_scheme", "").equals("allow-utf-8")
        && !v.string("metric_name_validation_scheme", "legacy").equals("utf8")) {
      problems.add(
          on(
              v,
              "metric_name_escaping_scheme",
              "metric_name_escaping_scheme cannot be set to 'allow-utf-8' while"
                  + " metric_name_validation_scheme is not set to 'utf8'"));
    }
    return problems;
  }

  // --- internal/component/prometheus/remotewrite/types.go ---

  private static List<Problem> remoteWriteWal(BlockValues v) {
    OptionalLong truncate = v.duration("truncate_frequency", 2 * 3_600_000_000_000L);
    OptionalLong min = v.duration("min_keepalive_time", 5 * 60_000_000_000L);
    OptionalLong max = v.duration("max_keepalive_time", 8 * 3_600_000_000_000L);
    if (!v.known("truncate_frequency", "min_keepalive_time", "max_keepalive_time")
        || truncate.isEmpty()
        || min.isEmpty()
        || max.isEmpty()) {
      return List.of();
    }
    if (truncate.getAsLong() == 0) {
      return List.of(on(v, "truncate_frequency", "truncate_frequency must not be 0"));
    }
    if (max.getAsLong() <= min.getAsLong()) {
      return List.of(
          on(
              v,
              "min_keepalive_time",
              "min_keepalive_time must be smaller than max_keepalive_time"));
    }
    return List.of();
  }

  // --- internal/component/loki/write/write.go: (*WalArguments).Validate ---

  private static List<Problem> lokiWriteWal(BlockValues v) {
    OptionalLong min = v.duration("min_read_frequency", 250_000_000L);
    OptionalLong max = v.duration("max_read_frequency", 1_000_000_000L);
    return v.known("min_read_frequency", "max_read_frequency")
            && min.isPresent()
            && max.isPresent()
            && min.getAsLong() >= max.getAsLong()
        ? List.of(
            on(
                v,
                "min_read_frequency",
                "WAL min read frequency should be lower than max read frequency"))
        : List.of();
  }

  // --- internal/component/otelcol ---

  /** otelcol/processor/batch/batch.go: (*Arguments).Validate, with its DefaultArguments. */
  private static List<Problem> batch(BlockValues v) {
    double size = v.number("send_batch_size", 2000);
    double max = v.number("send_batch_max_size", 3000);
    return v.known("send_batch_size", "send_batch_max_size") && max > 0 && max < size
        ? List.of(
            on(
                v,
                "send_batch_max_size",
                "send_batch_max_size must be greater or equal to send_batch_size when not 0"))
        : List.of();
  }

  /** otelcol/config_queue.go: (*QueueArguments).Validate (queue_size, sizer). */
  private static List<Problem> sendingQueue(BlockValues v) {
    if (!v.known("enabled", "queue_size", "sizer") || !v.bool("enabled").orElse(true)) {
      return List.of();
    }
    if (v.has("queue_size") && v.number("queue_size", 0) <= 0) {
      return List.of(on(v, "queue_size", "queue_size must be greater than zero"));
    }
    String sizer = v.string("sizer", "requests");
    if (!Set.of("bytes", "items", "requests").contains(sizer)) {
      return List.of(on(v, "sizer", "invalid sizer: " + sizer));
    }
    return List.of();
  }

  /** otelcol/config_queue.go: (*BatchConfig).Validate, with its SetToDefault. */
  private static List<Problem> queueBatch(BlockValues v) {
    if (!v.known("sizer", "flush_timeout", "min_size", "max_size")) {
      return List.of();
    }
    String sizer = v.string("sizer", "items");
    OptionalLong flush = v.duration("flush_timeout", 200_000_000L);
    double min = v.number("min_size", 2000);
    double max = v.number("max_size", 3000);
    String message = null;
    String at = null;
    if (!sizer.equals("items") && !sizer.equals("bytes")) {
      message = "`batch` supports only `items` or `bytes` sizer";
      at = "sizer";
    } else if (flush.isPresent() && flush.getAsLong() <= 0) {
      message = "`flush_timeout` must be positive";
      at = "flush_timeout";
    } else if (min < 0) {
      message = "`min_size` must be non-negative";
      at = "min_size";
    } else if (max < 0) {
      message = "`max_size` must be non-negative";
      at = "max_size";
    } else if (max > 0 && max < min) {
      message = "`max_size` must be greater or equal to `min_size`";
      at = "max_size";
    }
    return message == null ? List.of() : List.of(on(v, at, message));
  }

  /** otelcol/config_retry.go: (*RetryArguments).Validate, with its SetToDefault. */
  private static List<Problem> retry(BlockValues v) {
    if (!v.known("multiplier", "randomization_factor")) {
      return List.of();
    }
    if (v.number("multiplier", 1.5) <= 1) {
      return List.of(on(v, "multiplier", "multiplier must be greater than 1.0"));
    }
    if (v.number("randomization_factor", 0.5) < 0) {
      return List.of(
          on(v, "randomization_factor", "randomization_factor must be greater or equal to 0"));
    }
    return List.of();
  }

  /** otelcol/exporter/otlphttp/otlphttp.go: (*Arguments).Validate (the endpoints). */
  private static List<Problem> otlphttp(BlockValues v) {
    boolean clientEndpoint =
        v.block("client")
            .map(c -> !c.known("endpoint") || !c.string("endpoint", "").isEmpty())
            .orElse(false);
    boolean signalEndpoint =
        java.util.stream.Stream.of("traces_endpoint", "metrics_endpoint", "logs_endpoint")
            .anyMatch(e -> !v.known(e) || !v.string(e, "").isEmpty());
    return clientEndpoint || signalEndpoint
        ? List.of()
        : List.of(Problem.block("at least one endpoint must be specified"));
  }

  /** otelcol/receiver/otlp/otlp.go: (*Arguments).Validate (an HTTP path set empty). */
  private static List<Problem> otlpHttpPaths(BlockValues v) {
    List<Problem> problems = new ArrayList<>();
    for (String path : List.of("traces_url_path", "logs_url_path", "metrics_url_path")) {
      if (v.string(path).map(String::isEmpty).orElse(false)) {
        problems.add(Problem.at(path, path + " cannot be empty"));
      }
    }
    return problems;
  }

  // --- internal/component/loki/process/stages ---

  /** regex.go, json.go, template.go: a {@code source} written empty. */
  private static List<Problem> stageSource(BlockValues v) {
    if (!v.string("source").map(String::isEmpty).orElse(false)) {
      return List.of();
    }
    return List.of(
        Problem.at(
            "source", v.has("template") ? "template source value is required" : "empty source"));
  }

  /** json.go: validateJSONConfig (expressions or regex). */
  private static List<Problem> stageJson(BlockValues v) {
    boolean expressions =
        v.attribute("expressions")
            .map(a -> !(a.value() instanceof Syntax.ObjectExpr o) || !o.fields().isEmpty())
            .orElse(false);
    boolean regex = !v.known("regex") || !v.string("regex", "").isEmpty();
    return expressions || regex
        ? List.of()
        : List.of(Problem.block("JMES expressions or regex is required"));
  }

  /** cri.go and multiline.go: Validate (max_partial_lines, max_wait_time). */
  private static List<Problem> stageLimits(BlockValues v) {
    if (v.has("max_partial_lines")
        && v.known("max_partial_lines")
        && v.number("max_partial_lines", 100) <= 0) {
      return List.of(Problem.at("max_partial_lines", "max_partial_lines must be greater than 0"));
    }
    OptionalLong wait = v.duration("max_wait_time");
    if (wait.isPresent() && wait.getAsLong() <= 0) {
      return List.of(Problem.at("max_wait_time", "max_wait_time must be greater than 0"));
    }
    return List.of();
  }
}
