package io.alloyfleet.alloy;

import io.alloyfleet.alloy.LoadChecks.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Validate()} of the Prometheus HTTP client that scrape, discovery and the remote write
 * endpoints squash into their blocks (internal/component/common/config/types.go at the catalog's
 * commit), and remote_write's count of ways to authenticate: judged on what a block's text tells,
 * as {@link LoadValidations} judges the rest.
 */
final class HttpClientValidations {

  private HttpClientValidations() {}

  // --- internal/component/common/config/types.go: HTTPClientConfig and its blocks ---

  static List<Problem> httpClient(BlockValues v) {
    List<Problem> problems = new ArrayList<>();
    long auths =
        LoadValidations.HTTP_CLIENT_BLOCKS.stream().filter(v::has).count()
            + LoadValidations.HTTP_CLIENT_ARGS.stream()
                .filter(a -> LoadValidations.set(v, a))
                .count();
    if (auths > 1) {
      problems.add(
          Problem.block(
              "at most one of basic_auth, authorization, oauth2, bearer_token &"
                  + " bearer_token_file must be configured"));
    }
    v.block("basic_auth")
        .filter(b -> LoadValidations.set(b, "password") && LoadValidations.set(b, "password_file"))
        .ifPresent(
            b ->
                problems.add(
                    Problem.block(
                        "at most one of basic_auth password & password_file must be configured")));
    v.block("authorization")
        .ifPresent(
            a -> {
              if (LoadValidations.set(a, "credentials")
                  && LoadValidations.set(a, "credentials_file")) {
                problems.add(
                    Problem.block(
                        "at most one of authorization credentials & credentials_file must be"
                            + " configured"));
              }
              if (a.string("type").map(t -> t.strip().equalsIgnoreCase("basic")).orElse(false)) {
                problems.add(
                    Problem.block(
                        "authorization type cannot be set to \"basic\", use \"basic_auth\" block"
                            + " instead"));
              }
            });
    v.block("oauth2").ifPresent(o -> problems.addAll(oauth2(o)));
    v.block("tls_config").ifPresent(t -> problems.addAll(tls(t)));
    problems.addAll(proxy(v));
    return problems;
  }

  private static List<Problem> oauth2(BlockValues o) {
    String message = null;
    if (LoadValidations.empty(o, "client_id")) {
      message = "oauth2 client_id must be configured";
    } else if (LoadValidations.empty(o, "client_secret")
        && LoadValidations.empty(o, "client_secret_file")) {
      message = "either oauth2 client_secret or client_secret_file must be configured";
    } else if (LoadValidations.empty(o, "token_url")) {
      message = "oauth2 token_url must be configured";
    } else if (LoadValidations.set(o, "client_secret")
        && LoadValidations.set(o, "client_secret_file")) {
      message = "at most one of oauth2 client_secret & client_secret_file must be configured";
    }
    List<Problem> problems = new ArrayList<>();
    if (message != null) {
      problems.add(Problem.block(message));
    }
    problems.addAll(proxy(o));
    o.block("tls_config").ifPresent(t -> problems.addAll(tls(t)));
    return problems;
  }

  private static List<Problem> tls(BlockValues t) {
    for (String[] pair :
        new String[][] {
          {"ca_pem", "ca_file"}, {"cert_pem", "cert_file"}, {"key_pem", "key_file"}
        }) {
      if (LoadValidations.set(t, pair[0]) && LoadValidations.set(t, pair[1])) {
        return List.of(
            Problem.block("at most one of " + pair[0] + " and " + pair[1] + " must be configured"));
      }
    }
    if (!t.known("cert_pem", "cert_file", "key_pem", "key_file")) {
      return List.of();
    }
    boolean cert = LoadValidations.set(t, "cert_pem") || LoadValidations.set(t, "cert_file");
    boolean key = LoadValidations.set(t, "key_pem") || LoadValidations.set(t, "key_file");
    if (cert && !key) {
      return List.of(
          Problem.block(
              "exactly one of key_pem or key_file must be configured when a client certificate is"
                  + " configured"));
    }
    if (key && !cert) {
      return List.of(
          Problem.block(
              "exactly one of cert_pem or cert_file must be configured when a client key is"
                  + " configured"));
    }
    return List.of();
  }

  private static List<Problem> proxy(BlockValues p) {
    if (!p.known("proxy_from_environment", "proxy_url", "proxy_connect_header")) {
      return List.of();
    }
    boolean fromEnvironment = p.bool("proxy_from_environment").orElse(false);
    boolean headers =
        p.attribute("proxy_connect_header")
            .map(a -> a.value() instanceof Syntax.ObjectExpr o && !o.fields().isEmpty())
            .orElse(false);
    if (headers && !fromEnvironment && !LoadValidations.set(p, "proxy_url")) {
      return List.of(
          LoadValidations.on(
              p,
              "proxy_connect_header",
              "if proxy_connect_header is configured, proxy_url or proxy_from_environment must"
                  + " also be configured"));
    }
    if (fromEnvironment && LoadValidations.set(p, "proxy_url")) {
      return List.of(
          LoadValidations.on(
              p,
              "proxy_url",
              "if proxy_from_environment is configured, proxy_url must not be configured"));
    }
    if (fromEnvironment && LoadValidations.set(p, "no_proxy")) {
      return List.of(
          LoadValidations.on(
              p,
              "no_proxy",
              "if proxy_from_environment is configured, no_proxy must not be configured"));
    }
    return List.of();
  }

  /** internal/component/prometheus/remotewrite/types.go: (*EndpointOptions).Validate. */
  static List<Problem> remoteWriteAuth(BlockValues v) {
    long methods =
        java.util.stream.Stream.of("sigv4", "azuread", "google_iam").filter(v::has).count()
            + (LoadValidations.HTTP_CLIENT_BLOCKS.stream().anyMatch(v::has)
                    || LoadValidations.HTTP_CLIENT_ARGS.stream()
                        .anyMatch(a -> LoadValidations.set(v, a))
                ? 1
                : 0);
    return methods > 1
        ? List.of(
            Problem.block(
                "at most one of sigv4, azuread, google_iam, basic_auth, oauth2, bearer_token &"
                    + " bearer_token_file must be configured"))
        : List.of();
  }
}
