package io.alloyfleet.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** A fleet held in memory (tests, benchmarks): paths relative to the fleet root. */
public final class MemoryFiles implements FleetFiles {

  private final TreeMap<String, String> files = new TreeMap<>();

  public MemoryFiles with(String path, String text) {
    files.put(path, text);
    return this;
  }

  public Map<String, String> files() {
    return files;
  }

  @Override
  public Optional<String> read(String path) {
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public List<String> directories(String path) {
    TreeSet<String> names = new TreeSet<>();
    String prefix = path + "/";
    files.keySet().stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length()))
        .filter(rest -> rest.contains("/")).forEach(rest -> names.add(rest.substring(0, rest.indexOf('/'))));
    return List.copyOf(names);
  }

  @Override
  public List<String> files(String path) {
    String prefix = path + "/";
    return files.keySet().stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length()))
        .filter(rest -> !rest.contains("/")).sorted().toList();
  }
}
