package io.alloyfleet.source;

import io.alloyfleet.fleet.FleetFiles;
import io.alloyfleet.fleet.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The fleet inside a commit, read straight from Git's object database (no working tree).
 * Symbolic links and submodules are refused, never followed; so are files over the size limit.
 */
public final class GitTreeFiles implements FleetFiles {

  private record Entry(ObjectId id, FileMode mode) {}

  private final Repository repository;
  private final Map<String, Entry> entries = new TreeMap<>();
  /** Each directory's files and sub-directories (links listed as directories), built once. */
  private final Map<String, TreeSet<String>> files = new java.util.HashMap<>();
  private final Map<String, TreeSet<String>> directories = new java.util.HashMap<>();

  /** Indexes the tree under {@code root} ("" for the whole repo) once. */
  public GitTreeFiles(Repository repository, RevTree tree, String root) {
    this.repository = repository;
    String prefix = root.isEmpty() ? "" : root.replaceAll("/+$", "") + "/";
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      if (!prefix.isEmpty()) {
        walk.setFilter(PathFilter.create(prefix.substring(0, prefix.length() - 1)));
      }
      while (walk.next()) {
        String path = walk.getPathString();
        if (path.startsWith(prefix)) {
          entries.put(path.substring(prefix.length()), new Entry(walk.getObjectId(0), walk.getFileMode(0)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fleet tree " + tree.name(), e);
    }
    entries.forEach((path, entry) -> {
      int slash = path.lastIndexOf('/');
      String parent = slash < 0 ? "" : path.substring(0, slash);
      String name = path.substring(slash + 1);
      boolean link = entry.mode() == FileMode.SYMLINK || entry.mode() == FileMode.GITLINK;
      (link ? directories : files).computeIfAbsent(parent, k -> new TreeSet<>()).add(name);
      // every ancestor lists its child directory; stop at one already known (its ancestors are too)
      for (String dir = parent; !dir.isEmpty(); ) {
        int up = dir.lastIndexOf('/');
        String grandparent = up < 0 ? "" : dir.substring(0, up);
        if (!directories.computeIfAbsent(grandparent, k -> new TreeSet<>()).add(dir.substring(up + 1))) {
          break;
        }
        dir = grandparent;
      }
    });
  }

  @Override
  public Optional<String> read(String path) throws RefusedFileException {
    refuseLinks(path);
    Entry entry = entries.get(path);
    if (entry == null) {
      return Optional.empty();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      if (reader.getObjectSize(entry.id(), Constants.OBJ_BLOB) > YamlReader.MAX_BYTES) {
        throw new RefusedFileException(path, "file is larger than " + YamlReader.MAX_BYTES / 1024 + " KiB");
      }
      return Optional.of(FleetFiles.utf8(path, reader.open(entry.id(), Constants.OBJ_BLOB).getBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " from Git", e);
    }
  }

  /** A path under (or at) a symlink or submodule is refused with the reason. */
  private void refuseLinks(String path) throws RefusedFileException {
    String[] parts = path.split("/");
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      prefix.append(prefix.isEmpty() ? "" : "/").append(part);
      Entry entry = entries.get(prefix.toString());
      if (entry != null && entry.mode() == FileMode.SYMLINK) {
        throw new RefusedFileException(path, prefix + " is a symbolic link; links are not followed");
      }
      if (entry != null && entry.mode() == FileMode.GITLINK) {
        throw new RefusedFileException(path, prefix + " is a submodule; submodules are not followed");
      }
    }
  }

  @Override
  public Optional<String> version(String path) {
    Entry entry = entries.get(path);
    return entry == null ? Optional.empty() : Optional.of(entry.mode().getBits() + ":" + entry.id().name());
  }

  @Override
  public List<String> directories(String path) {
    return List.copyOf(directories.getOrDefault(path, new TreeSet<>()));
  }

  @Override
  public List<String> files(String path) {
    return List.copyOf(files.getOrDefault(path, new TreeSet<>()));
  }
}
