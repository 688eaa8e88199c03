package io.alloyfleet.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.render.RenderHash;
import io.alloyfleet.render.RenderedCluster;
import io.alloyfleet.render.RendererVersion;
import io.alloyfleet.source.RemoteAccess;
import io.alloyfleet.source.SourceCommit;
import io.alloyfleet.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Rendered files → commits on the environment branches. Trees are built in memory from each
 * branch's current tree; a branch whose tree would not change gets no commit; all changed
 * branches go out in one push, never forced, each expecting the tip it was built on.
 */
public final class BranchPublisher implements Publisher {

  static final String LOCAL_REF = "refs/fleet/destination/";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final PersonIdent COMMITTER_TEMPLATE = new PersonIdent("Alloy Fleet", "alloy-fleet@users.noreply.localhost");

  private final Repository local;
  private final RemoteAccess destination;
  private final String branchTemplate;
  private final Pattern branchPattern;
  private final String sourceUrl;
  /** Branches as read, by tip: a branch that has not moved is not read again. */
  private final Map<String, RenderedBranch> branchCache = new java.util.concurrent.ConcurrentHashMap<>();
  /** Parsed metadata by blob id: unchanged clusters are not parsed again on every sync. */
  private final Map<ObjectId, ClusterMetadata> metadataCache = new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code sourceUrl} is the fleet repo named in each cluster's metadata (credentials removed). */
  public BranchPublisher(Repository local, RemoteAccess destination, String branchTemplate, String sourceUrl) {
    if (!branchTemplate.contains("{environment}")) {
      throw new IllegalArgumentException("the branch template must contain {environment}: " + branchTemplate);
    }
    this.local = local;
    this.destination = destination;
    this.branchTemplate = branchTemplate;
    this.sourceUrl = RemoteAccess.redact(sourceUrl);
    this.branchPattern = Pattern.compile(Pattern.quote(branchTemplate).replace("{environment}", "\\E([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\Q"));
  }

  public RemoteAccess destination() {
    return destination;
  }

  public String branchName(String environment) {
    return branchTemplate.replace("{environment}", environment);
  }

  /** Fetches the destination's branches and reads the rendered ones. */
  @Override
  public Destination fetch() throws PublishException {
    try (Git git = Git.wrap(local)) {
      git.fetch()
          .setRemote(destination.url())
          .setRefSpecs(new RefSpec("+refs/heads/*:" + LOCAL_REF + "*"))
          .setRemoveDeletedRefs(true)
          .setTransportConfigCallback(destination)
          .call();
      return current();
    } catch (GitAPIException e) {
      throw new PublishException("cannot fetch rendered branches from " + destination.displayUrl() + ": " + SourceException.reason(e), e);
    }
  }

  /** The rendered branches as last fetched or pushed, without asking the remote. */
  public Destination current() throws PublishException {
    try {
      Map<String, RenderedBranch> branches = new TreeMap<>();
      for (Ref ref : local.getRefDatabase().getRefsByPrefix(LOCAL_REF)) {
        String name = ref.getName().substring(LOCAL_REF.length());
        Matcher m = branchPattern.matcher(name);
        if (m.matches()) {
          RenderedBranch cached = branchCache.get(name);
          if (cached == null || !cached.tip().equals(Optional.of(ref.getObjectId()))) {
            cached = read(m.group(1), name, ref.getObjectId());
            branchCache.put(name, cached);
          }
          branches.put(m.group(1), cached);
        }
      }
      return new Destination(branches);
    } catch (IOException e) {
      throw new PublishException("cannot read rendered branches: " + e.getMessage(), e);
    }
  }

  /** A rendered file's text as the branch holds it. */
  public Optional<String> read(RenderedBranch branch, String path) throws IOException {
    ObjectId id = branch.files().get(path);
    if (id == null) {
      return Optional.empty();
    }
    return Optional.of(new String(local.open(id, Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8));
  }

  private RenderedBranch read(String environment, String name, ObjectId tip) throws IOException {
    SortedMap<String, ObjectId> files = new TreeMap<>();
    Map<String, ClusterMetadata> clusters = new HashMap<>();
    try (RevWalk walk = new RevWalk(local); TreeWalk tree = new TreeWalk(local); ObjectReader reader = local.newObjectReader()) {
      RevCommit commit = walk.parseCommit(tip);
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        files.put(path, tree.getObjectId(0));
        if (path.endsWith("/" + BranchLayout.METADATA) && path.indexOf('/') == path.lastIndexOf('/')) {
          ObjectId blob = tree.getObjectId(0);
          ClusterMetadata cached = metadataCache.get(blob);
          if (cached == null) {
            JsonNode metadata = JSON.readTree(reader.open(blob).getBytes());
            cached = new ClusterMetadata(metadata.path("renderHash").asText(""),
                metadata.path("drySha").asText(""), metadata.path("configHash").asText(""), metadata.path("date").asText(""));
            if (metadataCache.size() > 100_000) {
              metadataCache.clear();
            }
            metadataCache.put(blob, cached);
          }
          clusters.put(BranchLayout.top(path), cached);
        }
      }
    }
    return new RenderedBranch(environment, name, Optional.of(tip), files, clusters);
  }

  /** Builds each environment's new tree and pushes the branches that changed. */
  @Override
  public PublishOutcome publish(SourceCommit source, FleetRender render, Destination state) throws PublishException {
    try (ObjectInserter inserter = local.newObjectInserter()) {
      Set<String> environments = new TreeSet<>(state.branches().keySet());
      render.rendered().forEach(c -> environments.add(c.environment()));
      render.unchanged().forEach(c -> environments.add(c.environment()));
      Set<String> keep = new HashSet<>();
      render.invalid().forEach(i -> keep.add(i.id()));
      Map<String, Set<String>> unchanged = new HashMap<>();
      render.unchanged().forEach(c -> unchanged.computeIfAbsent(c.environment(), e -> new HashSet<>()).add(c.id()));

      Map<String, PublishOutcome.BranchCommit> commits = new LinkedHashMap<>();
      List<RemoteRefUpdate> updates = new ArrayList<>();
      for (String env : environments) {
        RenderedBranch branch = state.branch(env).orElse(RenderedBranch.empty(env, branchName(env)));
        Map<String, SortedMap<String, ObjectId>> rendered = new TreeMap<>();
        for (RenderedCluster cluster : render.rendered()) {
          if (cluster.environment().equals(env)) {
            rendered.put(cluster.id(), insertCluster(inserter, cluster, source, render));
          }
        }
        if (branch.tip().isEmpty() && rendered.isEmpty()) {
          continue; // never create a branch with nothing rendered on it
        }
        Set<String> keepHere = new HashSet<>(keep);
        keepHere.addAll(unchanged.getOrDefault(env, Set.of()));
        SortedMap<String, ObjectId> fleetFiles = new TreeMap<>();
        render.environmentFiles().getOrDefault(env, new TreeMap<>()).forEach((name, text) -> fleetFiles.put(name, blob(inserter, text)));
        var plan = new BranchLayout.Plan(rendered, keepHere, fleetFiles, blob(inserter, BranchReadme.gitattributes()));
        if (BranchLayout.untouched(branch, plan)) {
          continue;
        }
        SortedMap<String, ObjectId> next = BranchLayout.files(branch, plan);
        Optional.ofNullable(branch.files().get(BranchLayout.README)).ifPresent(id -> next.put(BranchLayout.README, id));
        if (branch.tip().isPresent() && next.equals(branch.files())) {
          continue;
        }
        next.put(BranchLayout.README, blob(inserter, BranchReadme.text(env, branch.name(), source, destination.displayUrl())));
        List<String> changed = BranchLayout.changedClusters(branch.files(), next);
        ObjectId tree = tree(inserter, next);
        ObjectId commit = commit(inserter, tree, branch.tip(), source, changed);
        commits.put(env, new PublishOutcome.BranchCommit(branch.name(), commit.name(), changed));
        updates.add(new RemoteRefUpdate(local, (String) null, commit, Constants.R_HEADS + branch.name(), false, null,
            branch.tip().orElse(ObjectId.zeroId())));
      }
      inserter.flush();
      if (updates.isEmpty()) {
        return new PublishOutcome.Unchanged();
      }
      return new BranchPush(local, destination).push(updates, commits);
    } catch (IOException e) {
      throw new PublishException("cannot build rendered branches: " + e.getMessage(), e);
    }
  }

  private SortedMap<String, ObjectId> insertCluster(ObjectInserter inserter, RenderedCluster cluster, SourceCommit source, FleetRender render) throws IOException {
    ClusterSpec spec = render.spec(cluster.id()).orElseThrow();
    SortedMap<String, ObjectId> files = new TreeMap<>();
    for (var file : cluster.files().entrySet()) {
      files.put(file.getKey(), blob(inserter, file.getValue()));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("repoURL", sourceUrl);
    metadata.put("drySha", source.id());
    metadata.put("author", source.authorName() + " <" + source.authorEmail() + ">");
    metadata.put("date", source.time().toString());
    metadata.put("subject", source.subject());
    metadata.put("cluster", cluster.id());
    metadata.put("environment", cluster.environment());
    metadata.put("configHash", cluster.configHash());
    metadata.put("renderHash", RenderHash.of(spec));
    metadata.put("rendererVersion", RendererVersion.VERSION);
    files.put(BranchLayout.METADATA, blob(inserter, JSON.writeValueAsString(metadata) + "\n"));
    return files;
  }

  private static ObjectId blob(ObjectInserter inserter, String text) {
    try {
      return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectId tree(ObjectInserter inserter, SortedMap<String, ObjectId> files) throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    for (var file : files.entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(file.getKey());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(file.getValue());
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  private ObjectId commit(ObjectInserter inserter, ObjectId tree, Optional<ObjectId> parent, SourceCommit source, List<String> changed) throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    parent.ifPresent(commit::setParentId);
    PersonIdent committer = new PersonIdent(COMMITTER_TEMPLATE, Instant.now());
    commit.setAuthor(committer);
    commit.setCommitter(committer);
    StringBuilder message = new StringBuilder("Render ").append(source.shortId()).append(": ").append(source.subject()).append("\n\n");
    if (!changed.isEmpty()) {
      message.append("Clusters changed:\n");
      changed.forEach(c -> message.append("- ").append(c).append('\n'));
      message.append('\n');
    }
    message.append("Source: ").append(sourceUrl).append(" ").append(source.id()).append("\n\n");
    message.append("Co-authored-by: ").append(source.authorName()).append(" <").append(source.authorEmail()).append(">\n");
    commit.setMessage(message.toString());
    return inserter.insert(commit);
  }
}
