package io.alloyfleet.fleet;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Hosts of endpoints, as an allow-list compares them: {@code otlp.example.com}, or {@code
 * *.example.com} for its subdomains.
 */
public final class Hosts {

  private Hosts() {}

  /** Whether {@code host} is allowed by {@code pattern}. */
  public static boolean matches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      return h.endsWith(p.substring(1)) && h.length() > p.length() - 1;
    }
    return p.equals(h);
  }

  /**
   * The host an endpoint targets: a URL ({@code https://h:4318/v1}), a gRPC target ({@code h:4317},
   * {@code dns:///h:4317}) or a bare host; empty when none can be read.
   */
  public static Optional<String> of(String endpoint) {
    String text = endpoint.strip();
    try {
      URI uri = new URI(text);
      if (uri.getHost() != null) {
        return Optional.of(uri.getHost().toLowerCase(Locale.ROOT));
      }
      if (uri.getScheme() != null
          && uri.getRawSchemeSpecificPart() != null
          && uri.getRawSchemeSpecificPart().startsWith("//")) {
        String rest = uri.getRawSchemeSpecificPart().replaceFirst("^/+", "");
        return bare(rest);
      }
    } catch (URISyntaxException e) {
      // not a URL: a host:port target, read below
    }
    return bare(text);
  }

  private static Optional<String> bare(String text) {
    String host = text;
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 ? Optional.of(host.substring(0, close + 1)) : Optional.empty();
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    return host.matches("[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?")
        ? Optional.of(host.toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
