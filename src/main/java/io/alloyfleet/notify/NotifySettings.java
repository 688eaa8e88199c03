package io.alloyfleet.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Notifications to chat and incident tools ({@code alloy-fleet.notify.*}). */
@ConfigMapping(prefix = "alloy-fleet.notify")
public interface NotifySettings {

  Webhook webhook();

  /**
   * The status page linked from each notification; default {@code alloy-fleet.git-host.status-url}.
   */
  Optional<String> statusUrl();

  /**
   * A source commit's web page, {@code {commit}} replaced; unset: the source repo's https URL
   * followed by {@code /commit/{commit}} (as GitHub, GitLab, Gitea and Bitbucket serve it).
   */
  Optional<String> commitUrl();

  interface Webhook {
    /**
     * Where halts, completions and invalid clusters are POSTed as JSON (Slack's incoming-webhook
     * {@code text}, plus the structured fields); several separated by commas ({@code
     * ALLOY_FLEET_NOTIFY_WEBHOOK_URL}). A URL that holds a secret goes in {@code url-file}.
     */
    Optional<List<URI>> url();

    /** A file (a mounted Secret) with more URLs, one a line; read at each notification. */
    Optional<Path> urlFile();

    /** Tries per URL and notification, the first included. */
    @WithDefault("3")
    int attempts();

    /** The wait before the second try; doubled before each next one. */
    @WithDefault("2s")
    Duration backoff();

    /** How long one try may take. */
    @WithDefault("10s")
    Duration timeout();
  }
}
