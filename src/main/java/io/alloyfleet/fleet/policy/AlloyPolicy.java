package io.alloyfleet.fleet.policy;

import io.alloyfleet.fleet.policy.Policy.Rule;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a cluster's own Alloy text (customConfig, clusters/&lt;id&gt;/*.alloy) may use and reach,
 * resolved for that cluster: the components its policy denies; the hosts that arguments naming a
 * destination may target, either the policy's ({@code explicitHosts}) or, without one, the hosts of
 * the cluster's {@code endpoints.*}; and the files of the agent's pod that arguments naming a local
 * file may name ({@code policy.alloy.readablePaths}, or {@link #DEFAULT_READABLE_PATHS}).
 */
public record AlloyPolicy(
    List<Rule> deniedComponents,
    List<Rule> allowedHosts,
    boolean explicitHosts,
    List<Rule> readablePaths) {

  /**
   * Without a policy: log files, the agent's own config, storage and scratch directories, and the
   * system's public CA certificates. Not /proc (the agent's environment holds its token), /sys, nor
   * the service-account token under /var/run/secrets or /run/secrets.
   */
  public static final List<Rule> DEFAULT_READABLE_PATHS =
      List.of(
              "/var/log/**",
              "/run/log/journal/**",
              "/etc/alloy/**",
              "/var/lib/alloy/**",
              "/tmp/**",
              "/etc/ssl/**",
              // the cluster's public CA, to scrape the API server and kubelets; not the token
              // beside it
              "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
          .stream()
          .map(p -> new Rule("policy.alloy.readablePaths", p, Policy.DEFAULT))
          .toList();

  /**
   * Without a policy's {@code allowedHosts}, besides the hosts of the cluster's endpoints: the
   * agent's own cluster (its loopback and its Services), where it scrapes and discovers; nothing
   * outside.
   */
  public static final List<Rule> DEFAULT_CLUSTER_HOSTS =
      List.of("localhost", "127.0.0.1", "[::1]", "*.svc", "*.svc.cluster.local").stream()
          .map(h -> new Rule("policy.alloy.allowedHosts", h, Policy.DEFAULT))
          .toList();

  public AlloyPolicy {
    deniedComponents = List.copyOf(deniedComponents);
    allowedHosts = List.copyOf(allowedHosts);
    readablePaths = List.copyOf(readablePaths);
  }

  /** Whether any of the readable paths allows {@code path}. */
  public boolean readable(String path) {
    return readablePaths.stream().anyMatch(rule -> readable(rule.value(), path));
  }

  /**
   * Whether {@code pattern} ({@code **} any depth, {@code *} part of one name) allows {@code path},
   * an absolute path (itself possibly a glob, whose wildcards are compared as text) with no {@code
   * ..}: a path that climbs is never allowed, as its target cannot be known here.
   */
  public static boolean readable(String pattern, String path) {
    String normal = path.replaceAll("/+", "/").replace("/./", "/");
    if (!normal.startsWith("/")
        || normal.equals("/..")
        || normal.contains("/../")
        || normal.endsWith("/..")) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.matches(regex.toString(), normal)
        || pattern.endsWith("/**")
            && normal.equals(pattern.substring(0, pattern.length() - 3).replaceAll("/+", "/"));
  }
}
