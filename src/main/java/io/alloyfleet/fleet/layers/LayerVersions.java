package io.alloyfleet.fleet.layers;

import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.FleetLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versions (Git blob ids) of the layers that apply to a cluster: fleet.yaml, its environment
 * file, the groups whose selectors match its labels. Equal versions, equal values: the loader
 * reuses what it loaded. A change that cannot say which clusters it feeds (fleet.yaml, the list of
 * environments, a group file that cannot be read) is part of every cluster's versions.
 */
public final class LayerVersions {

  private final FleetFiles files;
  private final List<Group> groups;
  private final String everyCluster;
  private final Map<String, String> groupVersions = new HashMap<>();
  private final Map<String, String> environmentVersions = new ConcurrentHashMap<>();

  public LayerVersions(FleetFiles files, SharedLayers layers, List<String> environments) {
    this.files = files;
    this.groups = layers.groups();
    groups.forEach(g -> groupVersions.put(g.name(), files.version(g.file()).orElse("-")));
    StringBuilder shared = new StringBuilder(files.version(FleetLayout.FLEET_FILE).orElse("-"));
    shared.append('|').append(String.join(",", environments));
    for (String file : files.files(Group.DIRECTORY)) {
      String name =
          file.endsWith(".yaml") ? file.substring(0, file.length() - ".yaml".length()) : file;
      if (!groupVersions.containsKey(name)) {
        // Unreadable, or not a group: its problems are every cluster's.
        shared
            .append('|')
            .append(file)
            .append('=')
            .append(files.version(Group.DIRECTORY + "/" + file).orElse("-"));
      }
    }
    files.links(Group.DIRECTORY).forEach(link -> shared.append("|link:").append(link));
    this.everyCluster = shared.toString();
  }

  /**
   * The versions of the layers that apply to a cluster of {@code environment} with {@code labels}.
   */
  public String of(Optional<String> environment, Map<String, String> labels) {
    StringBuilder key = new StringBuilder(everyCluster).append("|env:");
    environment.ifPresent(
        env ->
            key.append(env)
                .append('=')
                .append(
                    environmentVersions.computeIfAbsent(
                        env,
                        e ->
                            files
                                .version(FleetLayout.ENVIRONMENTS + "/" + e + ".yaml")
                                .orElse("-"))));
    for (Group group : groups) {
      if (group.matches(labels)) {
        key.append("|group:")
            .append(group.name())
            .append('=')
            .append(groupVersions.get(group.name()));
      }
    }
    return key.toString();
  }
}
