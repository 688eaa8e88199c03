package io.alloyfleet.fleet.values;

import io.alloyfleet.text.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The string formats of the values schema; each answers what is wrong, or nothing. */
public final class Formats {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  static final Pattern QUANTITY =
      Pattern.compile(
          "\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");
  private static final Pattern IMAGE =
      Pattern.compile(
          "[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");
  private static final Pattern RESOURCE = Pattern.compile("\\*|[a-z][a-z0-9.-]*(/[a-z*]+)?");
  private static final Pattern API_GROUP = Pattern.compile("\\*|([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?");
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern KEY_PATH =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");
  private static final Pattern HOST =
      Pattern.compile("(\\*\\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?|\\[[0-9a-fA-F:.]+\\]");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private Formats() {}

  /**
   * A Kubernetes label key: an optional DNS-subdomain prefix and a slash, then a name of at most 63
   * characters.
   */
  public static boolean isLabelKey(String key) {
    return LABEL_KEY.matcher(key).matches();
  }

  /**
   * A DNS-1123 label: what cluster ids and environment names are (they name directories, branches
   * and objects).
   */
  public static boolean isDnsLabel(String value) {
    return value.length() <= 63 && DNS_LABEL.matcher(value).matches();
  }

  static Optional<String> check(String format, String value) {
    return switch (format) {
      case "dns-label" ->
          matches(
              DNS_LABEL,
              value,
              63,
              "a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
      case "dns-subdomain" ->
          matches(
              DNS_SUBDOMAIN,
              value,
              253,
              "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')");
      case "label-value" ->
          matches(
              LABEL_VALUE,
              value,
              63,
              "a label value (letters, digits, '-', '_' and '.', at most 63 characters)");
      case "duration" -> duration(value, "a duration such as 30s, 2m or 1h30m", true);
      case "wait" -> duration(value, "a duration such as 0s, 30s, 10m or 1h30m", false);
      case "quantity" ->
          matches(QUANTITY, value, 32, "a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi");
      case "image" ->
          matches(IMAGE, value, 255, "an image reference such as docker.io/grafana/alloy:v1.18.0");
      case "resource" -> matches(RESOURCE, value, 253, "a resource name such as pods or pods/log");
      case "api-group" ->
          matches(
              API_GROUP,
              value,
              253,
              "an API group such as \"\" (core), apps or custom.company.com");
      case "secret-key" ->
          matches(SECRET_KEY, value, 253, "a Secret key (letters, digits, '-', '_' and '.')");
      case "endpoint-url" -> endpoint(value);
      case "key-path" -> matches(KEY_PATH, value, 253, "a key path such as rbac.excludeResources");
      case "label-key" ->
          isLabelKey(value)
              ? Optional.empty()
              : Optional.of(
                  Text.quote(value)
                      + " is not a label key (an optional prefix/, then letters, digits, '-', '_' and '.')");
      case "host" ->
          matches(
              HOST,
              value,
              253,
              "a host name such as otlp.example.com (or *.example.com), without scheme or port");
      default -> Optional.empty();
    };
  }

  private static Optional<String> matches(
      Pattern pattern, String value, int maxLength, String expected) {
    if (value.length() <= maxLength && pattern.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(Text.quote(value) + " is not " + expected);
  }

  /** A Go duration ({@link GoDuration}) of at most 32 characters; {@code positive}: not zero. */
  private static Optional<String> duration(String value, String expected, boolean positive) {
    if (value.length() > 32) {
      return Optional.of(Text.quote(value) + " is not " + expected);
    }
    return switch (GoDuration.parse(value)) {
      case GoDuration.Invalid invalid -> Optional.of(invalid.message(expected));
      case GoDuration.Valid valid ->
          positive && valid.duration().value().isZero()
              ? Optional.of("a duration must be greater than zero")
              : Optional.empty();
    };
  }

  private static Optional<String> endpoint(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return Optional.of("not a valid URL: " + e.getReason());
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("credentials must not be part of the URL");
    }
    if (!uri.isAbsolute()
        || uri.getScheme() == null
        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
      return Optional.of(Text.quote(value) + " is not an absolute http(s) URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of(Text.quote(value) + " has no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return Optional.of("an OTLP endpoint URL takes no query or fragment");
    }
    return Optional.empty();
  }
}
