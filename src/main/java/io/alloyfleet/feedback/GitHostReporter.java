package io.alloyfleet.feedback;

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

  public Result report(CommitStatus status) {
    try {
      HttpResponse<String> response =
          http.send(request(status), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return new Result.Posted(response.statusCode());
      }
      String body = response.body() == null ? "" : response.body();
      return new Result.Refused(
          response.statusCode(), body.length() > 200 ? body.substring(0, 200) : body);
    } catch (IOException e) {
      return new Result.Unreachable(
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Unreachable("interrupted");
    }
  }

  HttpRequest request(CommitStatus status) throws IOException {
    String base = apiUrl.toString().replaceAll("/+$", "");
    Map<String, Object> body = new LinkedHashMap<>();
    HttpRequest.Builder request =
        HttpRequest.newBuilder()
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    switch (host) {
      case GITHUB -> {
        body.put(
            "state",
            switch (status.state()) {
              case PENDING -> "pending";
              case SUCCESS -> "success";
              case FAILURE -> "failure";
            });
        body.put("context", status.context());
        body.put("description", status.description());
        if (status.targetUrl() != null) {
          body.put("target_url", status.targetUrl());
        }
        request
            .uri(URI.create(base + "/repos/" + repository + "/statuses/" + status.sha()))
            .header("Authorization", "Bearer " + token.get())
            .header("Accept", "application/vnd.github+json");
      }
      case GITLAB -> {
        body.put(
            "state",
            switch (status.state()) {
              case PENDING -> "pending";
              case SUCCESS -> "success";
              case FAILURE -> "failed";
            });
        body.put("name", status.context());
        body.put("description", status.description());
        if (status.targetUrl() != null) {
          body.put("target_url", status.targetUrl());
        }
        String project = URLEncoder.encode(repository, StandardCharsets.UTF_8);
        request
            .uri(URI.create(base + "/projects/" + project + "/statuses/" + status.sha()))
            .header("PRIVATE-TOKEN", token.get());
      }
      case AZURE -> {
        String[] parts = repository.split("/", 3);
        if (parts.length != 3) {
          throw new IOException(
              "Azure DevOps repository must be organization/project/repositoryId");
        }
        body.put(
            "state",
            switch (status.state()) {
              case PENDING -> "pending";
              case SUCCESS -> "succeeded";
              case FAILURE -> "failed";
            });
        body.put("description", status.description());
        body.put(
            "context",
            Map.of(
                "name",
                status.context().substring("alloy-fleet/".length()),
                "genre",
                "alloy-fleet"));
        if (status.targetUrl() != null) {
          body.put("targetUrl", status.targetUrl());
        }
        String basic =
            Base64.getEncoder()
                .encodeToString((":" + token.get()).getBytes(StandardCharsets.UTF_8));
        request
            .uri(
                URI.create(
                    base
                        + "/"
                        + parts[0]
                        + "/"
                        + parts[1]
                        + "/_apis/git/repositories/"
                        + parts[2]
                        + "/commits/"
                        + status.sha()
                        + "/statuses?api-version=7.1"))
            .header("Authorization", "Basic " + basic);
      }
    }
    return request.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
  }
}
