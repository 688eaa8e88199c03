package io.alloyfleet.fleet.files;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** A fleet held in memory (tests, benchmarks): paths relative to the fleet root. */
public final class MemoryFiles implements FleetFiles {

  private final TreeMap<String, String> files = new TreeMap<>();
  private final TreeSet<String> links = new TreeSet<>();

  public MemoryFiles with(String path, String text) {
    files.put(path, text);
    return this;
  }

  /** A symbolic link at {@code path} (its target does not matter: links are never followed). */
  public MemoryFiles withLink(String path) {
    links.add(path);
    return this;
  }

  public Map<String, String> files() {
    return files;
  }

  @Override
  public Optional<String> read(String path) throws RefusedFileException {
    for (String link : links) {
      if (path.equals(link) || path.startsWith(link + "/")) {
        throw new RefusedFileException(path, link + " is a symbolic link; links are not followed");
      }
    }
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public List<String> links(String path) {
    String prefix = path.isEmpty() ? "" : path + "/";
    return links.stream()
        .filter(p -> p.startsWith(prefix) && !p.substring(prefix.length()).contains("/"))
        .map(p -> p.substring(prefix.length()))
        .toList();
  }

  @Override
  public List<String> directories(String path) {
    TreeSet<String> names = new TreeSet<>();
    String prefix = path + "/";
    files.keySet().stream()
        .filter(p -> p.startsWith(prefix))
        .map(p -> p.substring(prefix.length()))
        .filter(rest -> rest.contains("/"))
        .forEach(rest -> names.add(rest.substring(0, rest.indexOf('/'))));
    return List.copyOf(names);
  }

  @Override
  public List<String> files(String path) {
    String prefix = path + "/";
    return files.keySet().stream()
        .filter(p -> p.startsWith(prefix))
        .map(p -> p.substring(prefix.length()))
        .filter(rest -> !rest.contains("/"))
        .sorted()
        .toList();
  }
}
