package io.alloyfleet.fleet.files;

import java.util.List;
import java.util.Optional;

/**
 * A fleet whose clusters' own directories come from one commit and whose shared layers (fleet.yaml,
 * environment files, groups) from another: what a cluster renders while a change of the shared
 * layers has not reached it yet.
 */
public final class PinnedFiles implements FleetFiles {

  private final FleetFiles shared;
  private final FleetFiles clusters;
  private final java.util.function.Predicate<String> ids;

  /**
   * {@code shared}: where everything outside {@code clusters/} is read; {@code clusters}: the
   * clusters' directories, of which only those {@code ids} accepts are listed.
   */
  public PinnedFiles(
      FleetFiles shared, FleetFiles clusters, java.util.function.Predicate<String> ids) {
    this.shared = shared;
    this.clusters = clusters;
    this.ids = ids;
  }

  private FleetFiles at(String path) {
    return path.equals(FleetLayout.CLUSTERS) || path.startsWith(FleetLayout.CLUSTERS + "/")
        ? clusters
        : shared;
  }

  @Override
  public Optional<String> read(String path) throws RefusedFileException {
    return at(path).read(path);
  }

  @Override
  public List<String> directories(String path) {
    List<String> names = at(path).directories(path);
    return path.equals(FleetLayout.CLUSTERS) ? names.stream().filter(ids).toList() : names;
  }

  @Override
  public List<String> files(String path) {
    return at(path).files(path);
  }

  @Override
  public List<String> links(String path) {
    List<String> names = path.isEmpty() ? shared.links(path) : at(path).links(path);
    return path.equals(FleetLayout.CLUSTERS) ? names.stream().filter(ids).toList() : names;
  }

  @Override
  public Optional<String> version(String path) {
    return at(path).version(path);
  }

  @Override
  public Optional<String> version(String directory, String name) {
    return at(directory).version(directory, name);
  }
}
