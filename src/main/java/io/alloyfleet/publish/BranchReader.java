package io.alloyfleet.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alloyfleet.publish.RenderedBranch.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads rendered branches from the local copy: a branch's root entries, and for each directory the
 * metadata that makes it one of our clusters. Metadata is remembered by the directory's tree id, so
 * reading a branch again after a change costs its root, not its files.
 */
final class BranchReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CACHE_SIZE = 100_000;

  private final Repository local;
  private final Map<ObjectId, Optional<ClusterMetadata>> metadataByTree = new ConcurrentHashMap<>();

  BranchReader(Repository local) {
    this.local = local;
  }

  RenderedBranch read(String environment, String name, ObjectId tip) throws IOException {
    SortedMap<String, Entry> entries = new TreeMap<>();
    Map<String, ClusterMetadata> clusters = new HashMap<>();
    Map<String, byte[]> rootFiles = new HashMap<>();
    try (ObjectReader reader = local.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk root = new TreeWalk(reader)) {
      root.addTree(walk.parseCommit(tip).getTree());
      while (root.next()) {
        Entry entry = new Entry(root.getObjectId(0), root.getFileMode(0));
        entries.put(root.getNameString(), entry);
        if (entry.isTree()) {
          metadata(reader, entry.id()).ifPresent(m -> clusters.put(root.getNameString(), m));
        } else {
          rootFile(reader, root.getNameString(), entry)
              .ifPresent(bytes -> rootFiles.put(root.getNameString(), bytes));
        }
      }
    }
    return new RenderedBranch(environment, name, Optional.of(tip), entries, clusters, rootFiles);
  }

  /**
   * The branch after a commit of ours: {@code before} with the entries we wrote, and the metadata
   * of the clusters that changed (remembered when we wrote their directories, so nothing is read).
   * Costs what changed, not the branch.
   */
  RenderedBranch next(
      RenderedBranch before,
      ObjectId tip,
      SortedMap<String, Entry> entries,
      List<String> changed,
      Map<String, byte[]> rootFilesWritten)
      throws IOException {
    Map<String, ClusterMetadata> clusters = new HashMap<>(before.clusters());
    try (ObjectReader reader = local.newObjectReader()) {
      for (String cluster : changed) {
        clusters.remove(cluster);
        Entry entry = entries.get(cluster);
        if (entry != null && entry.isTree()) {
          metadata(reader, entry.id()).ifPresent(m -> clusters.put(cluster, m));
        }
      }
    }
    // The root files are the ones the branch had, less those gone, with those just written as
    // written: their blobs may sit in a pack not flushed yet, so they are never read back.
    Map<String, byte[]> rootFiles = new HashMap<>(before.rootFiles());
    rootFiles.keySet().removeIf(name -> !entries.containsKey(name));
    rootFilesWritten.forEach(
        (name, bytes) -> {
          if (entries.containsKey(name)) {
            rootFiles.put(name, bytes);
          }
        });
    return new RenderedBranch(
        before.environment(), before.name(), Optional.of(tip), entries, clusters, rootFiles);
  }

  /**
   * The content of a small regular file at the root that the publish does not write itself: one a
   * stage wrote through {@link Staging#rootFiles()}, read back for it as bytes.
   */
  private static Optional<byte[]> rootFile(ObjectReader reader, String name, Entry entry)
      throws IOException {
    if (!FileMode.REGULAR_FILE.equals(entry.mode())
        || RenderedBranch.OWN_ROOT_FILES.contains(name)
        || reader.getObjectSize(entry.id(), Constants.OBJ_BLOB) > RenderedBranch.ROOT_FILE_MAX) {
      return Optional.empty();
    }
    return Optional.of(reader.open(entry.id(), Constants.OBJ_BLOB).getBytes());
  }

  /** A file's text as the branch holds it ({@code path} relative to the branch root). */
  Optional<String> read(RenderedBranch branch, String path) throws IOException {
    int slash = path.indexOf('/');
    Entry top = branch.entries().get(slash < 0 ? path : path.substring(0, slash));
    boolean wantsFile = slash < 0;
    if (top == null || top.isTree() == wantsFile) {
      return Optional
          .empty(); // no such entry, a directory asked for as a file, or a path under a file
    }
    try (ObjectReader reader = local.newObjectReader()) {
      Optional<ObjectId> blob =
          slash < 0 ? Optional.of(top.id()) : file(reader, top.id(), path.substring(slash + 1));
      if (blob.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new String(
              reader.open(blob.get(), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Records what a directory we just wrote holds, so reading it back costs nothing. */
  void remember(ObjectId tree, ClusterMetadata metadata) {
    remember(tree, Optional.of(metadata));
  }

  private Optional<ClusterMetadata> metadata(ObjectReader reader, ObjectId tree)
      throws IOException {
    Optional<ClusterMetadata> known = metadataByTree.get(tree);
    if (known != null) {
      return known;
    }
    Optional<ClusterMetadata> metadata = Optional.empty();
    Optional<ObjectId> blob = file(reader, tree, BranchLayout.METADATA);
    if (blob.isPresent()) {
      metadata =
          Optional.of(
              JSON.readValue(
                  reader.open(blob.get(), Constants.OBJ_BLOB).getBytes(), ClusterMetadata.class));
    }
    remember(tree, metadata);
    return metadata;
  }

  private void remember(ObjectId tree, Optional<ClusterMetadata> metadata) {
    if (metadataByTree.size() > CACHE_SIZE) {
      metadataByTree.clear();
    }
    metadataByTree.put(tree.copy(), metadata);
  }

  /** The regular file at {@code path} inside {@code tree}. */
  private static Optional<ObjectId> file(ObjectReader reader, ObjectId tree, String path)
      throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      if (walk == null
          || !FileMode.REGULAR_FILE.equals(walk.getFileMode(0))
              && !FileMode.EXECUTABLE_FILE.equals(walk.getFileMode(0))) {
        return Optional.empty();
      }
      return Optional.of(walk.getObjectId(0));
    }
  }
}
