package io.alloyfleet.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Posts a source commit's render result as a commit status on GitHub, GitLab or Azure DevOps, so a
 * team sees in its pull request whether its cluster YAML renders. Best effort: a host that is down
 * or refuses is reported in the result, never in the sync's way.
 */
public final class GitHostReporter {

  public enum Host {
    GITHUB,
    GITLAB,
    AZURE
  }

  /** What the host answered; never carries the token. */
  public sealed interface Result {
    record Posted(int status) implements Result {}

    record Refused(int status, String body) implements Result {}

    record Unreachable(String reason) implements Result {}
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Host host;
  private final URI apiUrl;
  private final String repository;
  private final Supplier<String> token;
  private final HttpClient http;

  /** The controller's own account on the host, discovered once (see {@link #self}). */
  private volatile Optional<String> self = Optional.empty();

  /**
   * {@code repository}: GitHub {@code owner/repo}; GitLab the project id or {@code group/project};
   * Azure DevOps {@code organization/project/repositoryId}.
   */
  public GitHostReporter(Host host, URI apiUrl, String repository, Supplier<String> token) {
    this.host = host;
    this.apiUrl = apiUrl;
    this.repository = repository;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The reporter the settings describe; none without {@code git-host.type}. */
  static Optional<GitHostReporter> from(GitHostSettings host) {
    return host.type()
        .map(
            type ->
                new GitHostReporter(
                    type,
                    host.apiUrl()
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "alloy-fleet.git-host.api-url is required with git-host.type")),
                    host.repository()
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "alloy-fleet.git-host.repository is required with git-host.type")),
                    () -> io.alloyfleet.secrets.SecretFile.read(host.tokenFile()).orElse("")));
  }

  public Result report(CommitStatus status) {
    try {
      return send("POST", statusUri(status.sha()), statusBody(status));
    } catch (IOException e) {
      return unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Unreachable("interrupted");
    }
  }

  private static Result result(HttpResponse<String> response) {
    if (response.statusCode() / 100 == 2) {
      return new Result.Posted(response.statusCode());
    }
    String body = response.body() == null ? "" : response.body();
    return new Result.Refused(
        response.statusCode(), body.length() > 200 ? body.substring(0, 200) : body);
  }

  private static Result unreachable(IOException e) {
    return new Result.Unreachable(
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  /**
   * The pull request's one comment that holds {@code marker} and that the controller's own account
   * wrote: updated in place when there is one (found among the first 100), posted otherwise; a
   * comment of anyone else holding the marker is left alone. GitHub issue comments, GitLab
   * merge-request notes, Azure DevOps pull-request threads.
   */
  public Result comment(long number, String marker, String text) {
    try {
      String base = base();
      String me = self(base);
      return switch (host) {
        case GITHUB -> {
          String issue = base + "/repos/" + repository + "/issues/";
          Optional<Long> id =
              find(
                  get(issue + number + "/comments?per_page=100"),
                  c -> c,
                  "body",
                  marker,
                  c -> c.path("user").path("login").asText(""),
                  me);
          yield id.isPresent()
              ? send("PATCH", issue + "comments/" + id.get(), Map.of("body", text))
              : send("POST", issue + number + "/comments", Map.of("body", text));
        }
        case GITLAB -> {
          String notes = gitlabProject(base) + "/merge_requests/" + number + "/notes";
          Optional<Long> id =
              find(
                  get(notes + "?per_page=100"),
                  c -> c,
                  "body",
                  marker,
                  c -> c.path("author").path("id").asText(""),
                  me);
          yield id.isPresent()
              ? send("PUT", notes + "/" + id.get(), Map.of("body", text))
              : send("POST", notes, Map.of("body", text));
        }
        case AZURE -> {
          String threads = azureRepository(base) + "/pullRequests/" + number + "/threads";
          JsonNode all = get(threads + "?api-version=7.1").path("value");
          Optional<Long> thread =
              find(
                  all,
                  t -> t.path("comments").path(0),
                  "content",
                  marker,
                  t -> t.path("comments").path(0).path("author").path("id").asText(""),
                  me);
          yield thread.isPresent()
              ? send(
                  "PATCH",
                  threads + "/" + thread.get() + "/comments/1?api-version=7.1",
                  Map.of("content", text))
              : send(
                  "POST",
                  threads + "?api-version=7.1",
                  Map.of(
                      "comments",
                      java.util.List.of(
                          Map.of("parentCommentId", 0, "content", text, "commentType", 1)),
                      "status",
                      "active"));
        }
      };
    } catch (IOException e) {
      return unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Unreachable("interrupted");
    }
  }

  /**
   * The controller's own account: GitHub's {@code GET /user} login, GitLab's {@code GET /user} id,
   * Azure DevOps' authenticated user id ({@code connectionData}). Asked once, then kept.
   */
  private String self(String base) throws IOException, InterruptedException {
    Optional<String> known = self;
    if (known.isPresent()) {
      return known.get();
    }
    String me =
        switch (host) {
          case GITHUB -> get(base + "/user").path("login").asText("");
          case GITLAB -> get(base + "/user").path("id").asText("");
          case AZURE ->
              get(base
                      + "/"
                      + repository.split("/", 2)[0]
                      + "/_apis/connectionData?api-version=7.1-preview")
                  .path("authenticatedUser")
                  .path("id")
                  .asText("");
        };
    if (me.isEmpty()) {
      throw new IOException("the host did not say which account the controller's token is");
    }
    self = Optional.of(me);
    return me;
  }

  /**
   * The id of the first item the controller's own account wrote ({@code author}) whose {@code
   * field} (in {@code item.apply(it)}) holds the marker: anyone can write the marker.
   */
  private static Optional<Long> find(
      JsonNode items,
      java.util.function.UnaryOperator<JsonNode> item,
      String field,
      String marker,
      java.util.function.Function<JsonNode, String> author,
      String self) {
    for (JsonNode it : items) {
      if (self.equals(author.apply(it)) && item.apply(it).path(field).asText("").contains(marker)) {
        return Optional.of(it.path("id").asLong());
      }
    }
    return Optional.empty();
  }

  private JsonNode get(String uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            authorized(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("HTTP " + response.statusCode() + " from " + URI.create(uri).getPath());
    }
    return JSON.readTree(response.body());
  }

  private Result send(String method, String uri, Object body)
      throws IOException, InterruptedException {
    return result(
        http.send(
            authorized(
                    HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json"))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  /** The host's credentials on a request. */
  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return switch (host) {
      case GITHUB ->
          request
              .header("Authorization", "Bearer " + token.get())
              .header("Accept", "application/vnd.github+json");
      case GITLAB -> request.header("PRIVATE-TOKEN", token.get());
      case AZURE ->
          request.header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString((":" + token.get()).getBytes(StandardCharsets.UTF_8)));
    };
  }

  /** {@code <base>/<organization>/<project>/_apis/git/repositories/<id>}. */
  private String azureRepository(String base) throws IOException {
    String[] parts = repository.split("/", 3);
    if (parts.length != 3) {
      throw new IOException("Azure DevOps repository must be organization/project/repositoryId");
    }
    return base + "/" + parts[0] + "/" + parts[1] + "/_apis/git/repositories/" + parts[2];
  }

  /** Where a host takes a commit's statuses. */
  private String statusUri(String sha) throws IOException {
    String base = base();
    return switch (host) {
      case GITHUB -> base + "/repos/" + repository + "/statuses/" + sha;
      case GITLAB -> gitlabProject(base) + "/statuses/" + sha;
      case AZURE -> azureRepository(base) + "/commits/" + sha + "/statuses?api-version=7.1";
    };
  }

  /** A status in the host's words. */
  private Map<String, Object> statusBody(CommitStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "state",
        switch (status.state()) {
          case PENDING -> "pending";
          case SUCCESS -> host == Host.AZURE ? "succeeded" : "success";
          case FAILURE -> host == Host.GITHUB ? "failure" : "failed";
        });
    switch (host) {
      case GITHUB -> body.put("context", status.context());
      case GITLAB -> body.put("name", status.context());
      case AZURE -> {}
    }
    body.put("description", status.description());
    if (host == Host.AZURE) {
      body.put(
          "context",
          Map.of(
              "name", status.context().substring("alloy-fleet/".length()), "genre", "alloy-fleet"));
    }
    if (status.targetUrl() != null) {
      body.put(host == Host.AZURE ? "targetUrl" : "target_url", status.targetUrl());
    }
    return body;
  }

  private String base() {
    return apiUrl.toString().replaceAll("/+$", "");
  }

  /** {@code <base>/projects/<url-encoded id or path>}. */
  private String gitlabProject(String base) {
    return base + "/projects/" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
  }
}
