package io.alloyfleet.fleet.policy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hosts of endpoints, read as the agent (Go) reads them, and compared with an allow-list: {@code
 * otlp.example.com}, or {@code *.example.com} for its subdomains.
 */
public final class Hosts {

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  /** What Go resolves as a host name: letters, digits, '-', '_' and dots; or an IP literal. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([-A-Za-z0-9_.]*[A-Za-z0-9_])?");

  private Hosts() {}

  /** Whether {@code host} is allowed by {@code pattern}. */
  /**
   * An endpoint as a problem may quote it: the user information of its authority (a password, a
   * token) replaced by {@code ***}, so a refusal never echoes a credential.
   */
  public static String withoutUserinfo(String endpoint) {
    int scheme = endpoint.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = start;
    while (end < endpoint.length() && "/?#".indexOf(endpoint.charAt(end)) < 0) {
      end++;
    }
    int at = endpoint.lastIndexOf('@', end - 1);
    return at < start ? endpoint : endpoint.substring(0, start) + "***" + endpoint.substring(at);
  }

  public static boolean matches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      return h.endsWith(p.substring(1)) && h.length() > p.length() - 1;
    }
    return p.equals(h);
  }

  /**
   * The host an endpoint URL targets, as Go's {@code net/url} reads it ({@code https://h:4318/v1},
   * the host after the last {@code @} of the authority), or of a bare {@code h:4317}; empty when
   * none can be read.
   */
  public static Optional<String> of(String endpoint) {
    List<String> hosts = reached(endpoint);
    return hosts.isEmpty() ? Optional.empty() : Optional.of(hosts.get(hosts.size() - 1));
  }

  /**
   * Every host a Go client could connect to for {@code endpoint}, whichever way the component reads
   * it: as a URL ({@code net/url}: scheme, {@code //}, userinfo up to the last {@code @}, host,
   * port), as a gRPC target ({@code dns://<dns server>/<host>:port}, {@code dns:///h:p}, {@code
   * passthrough:///h:p}; a scheme gRPC does not know makes the whole text an address), or as a bare
   * {@code host:port}. Empty when a reading gives no host (a {@code unix:} socket, text that is no
   * host): a caller must refuse it, never guess.
   */
  public static List<String> reached(String endpoint) {
    String text = endpoint.strip();
    List<String> hosts = new ArrayList<>();
    int colon = text.indexOf(':');
    String scheme = colon > 0 ? text.substring(0, colon) : "";
    if (!SCHEME.matcher(scheme).matches()) {
      return bare(text).map(List::of).orElse(List.of());
    }
    String rest = text.substring(colon + 1);
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (lower.equals("unix") || lower.equals("unix-abstract") || lower.equals("vsock")) {
      return List.of();
    }
    if (rest.startsWith("//")) {
      String authority = cut(rest.substring(2), "/?#");
      String path = rest.substring(2 + authority.length());
      // net/url: the host is what follows the last '@' of the authority
      String host = authority.substring(authority.lastIndexOf('@') + 1);
      if (lower.equals("dns") || lower.equals("passthrough")) {
        // gRPC: the authority names the DNS server; the host is the path's first segment
        if (!host.isEmpty()) {
          hosts.add(bare(host).orElse(null));
        }
        String target = cut(path.replaceFirst("^/", ""), "/?#");
        hosts.add(bare(target).orElse(null));
      } else {
        hosts.add(bare(host).orElse(null));
      }
    } else {
      // "h:4317": net/url sees a scheme "h"; gRPC and Go's dialers see host h, port 4317
      hosts.add(bare(text).orElse(null));
    }
    return hosts.contains(null) ? List.of() : List.copyOf(hosts);
  }

  private static String cut(String text, String stops) {
    for (int i = 0; i < text.length(); i++) {
      if (stops.indexOf(text.charAt(i)) >= 0) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /** The host of {@code host[:port]} or {@code [v6]:port}, percent-escapes decoded as Go does. */
  private static Optional<String> bare(String text) {
    String host = cut(text, "/?#");
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 ? Optional.of(host.substring(0, close + 1)) : Optional.empty();
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    Optional<String> decoded = unescape(host);
    return decoded.isPresent() && HOST.matcher(decoded.get()).matches()
        ? Optional.of(decoded.get().toLowerCase(Locale.ROOT))
        : Optional.empty();
  }

  private static Optional<String> unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (low < 0) {
          return Optional.empty();
        }
        out.write(high * 16 + low);
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return Optional.of(out.toString(StandardCharsets.UTF_8));
  }
}
