package io.alloyfleet.source;

import io.alloyfleet.fleet.files.FleetFiles;
import io.alloyfleet.fleet.files.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The fleet inside a commit, read straight from Git's object database (no working tree), one
 * directory at a time as it is asked for: with cluster directories keyed by their tree ids, a
 * change to one cluster of 10,000 reads that cluster's directory, not the fleet. Symbolic links and
 * submodules are refused, never followed; so are files over the size limit.
 */
public final class GitTreeFiles implements FleetFiles {

  private record Entry(ObjectId id, FileMode mode) {

    boolean isTree() {
      return FileMode.TREE.equals(mode);
    }

    boolean isLink() {
      return FileMode.SYMLINK.equals(mode) || FileMode.GITLINK.equals(mode);
    }

    String version() {
      return mode.getBits() + ":" + id.name();
    }
  }

  /** A directory's entries by name, and its names in sorted order. */
  private record Directory(Map<String, Entry> entries, List<String> names) {
    static final Directory EMPTY = new Directory(Map.of(), List.of());

    Entry get(String name) {
      return entries.get(name);
    }

    List<String> names(Predicate<Entry> kind) {
      return names.stream().filter(name -> kind.test(entries.get(name))).toList();
    }
  }

  private final Repository repository;
  private final Optional<ObjectId> root;

  /**
   * Directories read so far, by path ("" for the fleet root); read by the loader from every core.
   */
  private final Map<String, Directory> directories = new ConcurrentHashMap<>();

  /** The fleet under {@code root} ("" for the whole repo) in {@code tree}. */
  public GitTreeFiles(Repository repository, RevTree tree, String root) {
    this.repository = repository;
    Optional<ObjectId> top = Optional.of(tree.getId());
    for (String part : root.replaceAll("^/+|/+$", "").split("/")) {
      if (!part.isEmpty() && top.isPresent()) {
        Entry entry = read(top.get()).get(part);
        top = entry != null && entry.isTree() ? Optional.of(entry.id()) : Optional.empty();
      }
    }
    this.root = top;
  }

  @Override
  public Optional<String> read(String path) throws RefusedFileException {
    Optional<Entry> entry = entry(path);
    if (entry.isEmpty() || entry.get().isTree()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      if (reader.getObjectSize(entry.get().id(), Constants.OBJ_BLOB) > YamlReader.MAX_BYTES) {
        throw new RefusedFileException(
            path, "file is larger than " + YamlReader.MAX_BYTES / 1024 + " KiB");
      }
      return Optional.of(
          FleetFiles.utf8(path, reader.open(entry.get().id(), Constants.OBJ_BLOB).getBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " from Git", e);
    }
  }

  /**
   * The entry at {@code path}; a path under (or at) a symlink or submodule is refused with the
   * reason.
   */
  private Optional<Entry> entry(String path) throws RefusedFileException {
    String[] parts = path.split("/");
    StringBuilder at = new StringBuilder();
    Entry entry = null;
    for (String part : parts) {
      if (entry != null && !entry.isTree()) {
        return Optional.empty();
      }
      String parent = at.toString();
      at.append(at.isEmpty() ? "" : "/").append(part);
      entry = directory(parent).get(part);
      if (entry == null) {
        return Optional.empty();
      }
      if (FileMode.SYMLINK.equals(entry.mode())) {
        throw new RefusedFileException(path, at + " is a symbolic link; links are not followed");
      }
      if (FileMode.GITLINK.equals(entry.mode())) {
        throw new RefusedFileException(path, at + " is a submodule; submodules are not followed");
      }
    }
    return Optional.ofNullable(entry);
  }

  /** A file's blob id, or a directory's tree id: equal versions, equal content. */
  @Override
  public Optional<String> version(String path) {
    try {
      return entry(path).map(Entry::version);
    } catch (RefusedFileException e) {
      return Optional.empty();
    }
  }

  /** Without parsing a path: the loader asks this of every cluster directory on every sync. */
  @Override
  public Optional<String> version(String directory, String name) {
    Entry entry = directory(directory).get(name);
    return entry == null || entry.isLink() ? Optional.empty() : Optional.of(entry.version());
  }

  @Override
  public List<String> directories(String path) {
    return directory(path).names(Entry::isTree);
  }

  @Override
  public List<String> links(String path) {
    return directory(path).names(Entry::isLink);
  }

  @Override
  public List<String> files(String path) {
    return directory(path).names(e -> !e.isTree() && !e.isLink());
  }

  /** The directory at {@code path}; empty when there is none (or it is not a directory). */
  private Directory directory(String path) {
    Directory known = directories.get(path);
    if (known != null) {
      return known;
    }
    Directory directory;
    if (path.isEmpty()) {
      directory = root.map(this::read).orElse(Directory.EMPTY);
    } else {
      int slash = path.lastIndexOf('/');
      Entry entry =
          directory(slash < 0 ? "" : path.substring(0, slash)).get(path.substring(slash + 1));
      directory = entry != null && entry.isTree() ? read(entry.id()) : Directory.EMPTY;
    }
    Directory raced = directories.putIfAbsent(path, directory);
    return raced == null ? directory : raced;
  }

  private Directory read(ObjectId tree) {
    Map<String, Entry> entries = new HashMap<>();
    List<String> names = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      for (CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
          !parser.eof();
          parser.next()) {
        String name = parser.getEntryPathString();
        entries.put(name, new Entry(parser.getEntryObjectId(), parser.getEntryFileMode()));
        names.add(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fleet tree " + tree.name(), e);
    }
    names.sort(
        null); // Git's order is nearly this one: only a directory's name sorts as if it ended in
    // '/'
    return new Directory(entries, List.copyOf(names));
  }
}
