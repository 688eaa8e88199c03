package io.alloyfleet.api;

import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** The API's bearer token: what {@code POST /api/sync} and the rollout actions require. */
final class ApiToken {

  private ApiToken() {}

  /** The refusal of a request without the token; empty when it carries it. */
  static Optional<Response> refusal(ApiSettings api, String authorization) {
    Optional<byte[]> token = Secrets.read(api.tokenFile());
    if (token.isEmpty()) {
      return Optional.of(
          SyncResource.problem(
              Response.Status.FORBIDDEN,
              "operator requests are disabled: set alloy-fleet.api.token-file"));
    }
    String given =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring(7).strip()
            : null;
    if (!Secrets.equal(token.get(), given)) {
      return Optional.of(
          SyncResource.problem(Response.Status.UNAUTHORIZED, "a valid bearer token is required"));
    }
    return Optional.empty();
  }
}
