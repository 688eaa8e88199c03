package io.alloyfleet.feedback;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Optional: report each source commit's render result as a commit status on the Git host ({@code
 * alloy-fleet.git-host.*}).
 */
@ConfigMapping(prefix = "alloy-fleet.git-host")
public interface GitHostSettings {

  /** github, gitlab or azure; unset: no commit statuses. */
  Optional<GitHostReporter.Host> type();

  /** API base, e.g. https://api.github.com, https://gitlab.com/api/v4, https://dev.azure.com. */
  Optional<URI> apiUrl();

  /**
   * owner/repo (GitHub), project id or path (GitLab), organization/project/repositoryId (Azure).
   */
  Optional<String> repository();

  Optional<Path> tokenFile();

  /** Link shown with each status, e.g. this service's status page. */
  Optional<String> statusUrl();
}
