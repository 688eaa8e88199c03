package io.alloyfleet.publish;

import io.alloyfleet.publish.RenderedBranch.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Writes Git trees straight from entries, in Git's canonical order, so a branch's root is written
 * from its (unchanged) subtree ids instead of from every file it holds.
 */
final class TreeWriter {

  /** An entry with the bytes Git sorts it by: its name, a subtree's as if it ended in '/'. */
  private record Sorted(byte[] key, String name, Entry entry) {
    static final Comparator<Sorted> GIT_ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

    static Sorted of(Map.Entry<String, Entry> e) {
      return new Sorted(
          (e.getKey() + (e.getValue().isTree() ? "/" : "")).getBytes(StandardCharsets.UTF_8),
          e.getKey(),
          e.getValue());
    }
  }

  private TreeWriter() {}

  /** A tree of regular files, by path ({@code a/b} makes subtree {@code a}). */
  static ObjectId files(ObjectInserter inserter, SortedMap<String, ObjectId> files)
      throws IOException {
    Map<String, Entry> entries = new TreeMap<>();
    Map<String, SortedMap<String, ObjectId>> directories = new TreeMap<>();
    files.forEach(
        (path, id) -> {
          int slash = path.indexOf('/');
          if (slash < 0) {
            entries.put(path, Entry.file(id));
          } else {
            directories
                .computeIfAbsent(path.substring(0, slash), d -> new TreeMap<>())
                .put(path.substring(slash + 1), id);
          }
        });
    for (var directory : directories.entrySet()) {
      entries.put(directory.getKey(), Entry.tree(files(inserter, directory.getValue())));
    }
    return entries(inserter, entries);
  }

  /** A tree of these entries. */
  static ObjectId entries(ObjectInserter inserter, Map<String, Entry> entries) throws IOException {
    List<Sorted> sorted =
        entries.entrySet().stream().map(Sorted::of).sorted(Sorted.GIT_ORDER).toList();
    // The exact size: a TreeFormatter that overflows its buffer switches to a TemporaryBuffer
    // that allocates a 1 MB block list at once (a cluster's tree overflowed 40 bytes an entry).
    int size = 0;
    for (Sorted entry : sorted) {
      size +=
          entry.entry().mode().copyToLength() + entry.key().length + 2 + Constants.OBJECT_ID_LENGTH;
    }
    TreeFormatter tree = new TreeFormatter(size);
    for (Sorted entry : sorted) {
      tree.append(entry.name(), entry.entry().mode(), entry.entry().id());
    }
    return inserter.insert(tree);
  }
}
