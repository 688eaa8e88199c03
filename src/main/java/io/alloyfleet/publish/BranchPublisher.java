package io.alloyfleet.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alloyfleet.fleet.ClusterSpec;
import io.alloyfleet.git.BulkInserter;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.pipeline.FleetRender;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.render.RenderHash;
import io.alloyfleet.render.RenderedCluster;
import io.alloyfleet.render.RendererVersion;
import io.alloyfleet.signing.CommitSigner;
import io.alloyfleet.signing.SigningKey;
import io.alloyfleet.source.SourceCommit;
import io.alloyfleet.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Rendered files → commits on the environment branches. Trees are built in memory from each
 * branch's current tree; a branch whose tree would not change gets no commit; all changed branches
 * go out in one push, never forced, each expecting the tip it was built on.
 */
public final class BranchPublisher implements Publisher {

  static final String LOCAL_REF = "refs/fleet/destination/";
  private static final int BULK_THRESHOLD = 50;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final PersonIdent COMMITTER_TEMPLATE =
      new PersonIdent("Alloy Fleet", "alloy-fleet@users.noreply.localhost");

  private final Repository local;
  private final RemoteAccess destination;
  private final String branchTemplate;
  private final Pattern branchPattern;
  private final String sourceUrl;

  /** Branches as read, by tip: a branch that has not moved is not read again. */
  private final Map<String, RenderedBranch> branchCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final BranchReader reader;

  /** Signs every commit written; empty: commits are unsigned. */
  private final Optional<CommitSigner> signer;

  /**
   * The clusters of a large render, written into one pack as each was checked (its subtree by
   * environment and cluster), for the next {@link #publish} of that source commit.
   */
  private record Prepared(BulkInserter inserter, String source, Map<String, ObjectId> trees) {}

  /** Set by {@link #sink}, taken by {@link #publish}; syncs run one at a time. */
  private volatile Prepared prepared;

  /** {@code sourceUrl} is the fleet repo named in each cluster's metadata (credentials removed). */
  public BranchPublisher(
      Repository local, RemoteAccess destination, String branchTemplate, String sourceUrl) {
    this(local, destination, branchTemplate, sourceUrl, Optional.empty());
  }

  /** The same, every commit signed by {@code signer}. */
  public BranchPublisher(
      Repository local,
      RemoteAccess destination,
      String branchTemplate,
      String sourceUrl,
      Optional<CommitSigner> signer) {
    this.signer = signer;
    if (!branchTemplate.contains("{environment}")) {
      throw new IllegalArgumentException(
          "the branch template must contain {environment}: " + branchTemplate);
    }
    this.local = local;
    this.reader = new BranchReader(local);
    this.destination = destination;
    this.branchTemplate = branchTemplate;
    this.sourceUrl = RemoteAccess.redact(sourceUrl);
    this.branchPattern =
        Pattern.compile(
            Pattern.quote(branchTemplate)
                .replace("{environment}", "\\E([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\Q"));
  }

  public RemoteAccess destination() {
    return destination;
  }

  @Override
  public Optional<SigningKey> signingKey() {
    return signer.map(CommitSigner::key);
  }

  @Override
  public String destinationUrl() {
    return destination.displayUrl();
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
      throw new PublishException(
          "cannot fetch rendered branches from "
              + destination.displayUrl()
              + ": "
              + SourceException.reason(e),
          e);
    }
  }

  /** The rendered branches as last fetched or pushed, without asking the remote. */
  @Override
  public Destination current() throws PublishException {
    try {
      Map<String, RenderedBranch> branches = new TreeMap<>();
      for (Ref ref : local.getRefDatabase().getRefsByPrefix(LOCAL_REF)) {
        String name = ref.getName().substring(LOCAL_REF.length());
        Matcher m = branchPattern.matcher(name);
        if (m.matches()) {
          RenderedBranch cached = branchCache.get(name);
          if (cached == null || !cached.tip().equals(Optional.of(ref.getObjectId()))) {
            cached = reader.read(m.group(1), name, ref.getObjectId());
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
  @Override
  public Optional<String> read(RenderedBranch branch, String path) throws IOException {
    return reader.read(branch, path);
  }

  /**
   * A render of more than a few clusters writes each checked cluster's files and metadata into a
   * pack at once, keeping only the cluster's id, environment and config hash: a full sync of 10,000
   * clusters would otherwise hold every rendered file (about 250 MB) until the push. The pack is
   * flushed by the {@link #publish} of the same source commit; an earlier one never published is
   * dropped here.
   */
  @Override
  public RenderPipeline.Sink sink(SourceCommit source, Staging staging, int clusters) {
    dropPrepared();
    if (clusters <= BULK_THRESHOLD
        || !(local.getObjectDatabase() instanceof ObjectDirectory objects)) {
      return RenderPipeline.Sink.KEEP;
    }
    Prepared next =
        new Prepared(
            new BulkInserter(objects), source.id(), new java.util.concurrent.ConcurrentHashMap<>());
    prepared = next;
    return (spec, cluster) -> {
      next.trees()
          .put(
              key(cluster),
              insertCluster(next.inserter(), cluster, spec, source, staging.pin(cluster.id())));
      return cluster.withoutFiles();
    };
  }

  private static String key(RenderedCluster cluster) {
    return cluster.environment() + "/" + cluster.id();
  }

  private void dropPrepared() {
    Prepared old = prepared;
    prepared = null;
    if (old != null) {
      old.inserter().close();
    }
  }

  /**
   * Publishes a render on the branches as read ({@code state}, from {@link #fetch()}): which
   * branches to build and what each keeps is decided without Git ({@link BranchBuild}); the new
   * trees and commits are written ({@link #write}); the changed branches are pushed at once.
   */
  @Override
  public PublishOutcome publish(
      SourceCommit source, FleetRender render, Destination state, Staging staging)
      throws PublishException {
    List<BranchBuild.Target> targets = BranchBuild.targets(render, state, this::branchName);
    Prepared prepared = this.prepared;
    this.prepared = null;
    if (prepared != null && !prepared.source().equals(source.id())) {
      prepared.inserter().close();
      prepared = null;
    }
    Map<String, ObjectId> writtenTrees = prepared == null ? Map.of() : prepared.trees();
    try (ObjectInserter inserter =
        prepared != null ? prepared.inserter() : inserter(render.rendered().size())) {
      Written written = write(inserter, source, render, staging, targets, writtenTrees);
      inserter.flush();
      if (written.updates().isEmpty()) {
        return new PublishOutcome.Unchanged();
      }
      PublishOutcome outcome =
          new BranchPush(local, destination).push(written.updates(), written.commits());
      if (outcome instanceof PublishOutcome.Committed) {
        written
            .branches()
            .forEach(
                branch ->
                    branchCache.put(branch.name(), branch)); // what we pushed is not read back
      }
      return outcome;
    } catch (IOException e) {
      throw new PublishException("cannot build rendered branches: " + e.getMessage(), e);
    }
  }

  /** What a publish wrote: the commits, the ref updates to push, the branches as they will be. */
  private record Written(
      Map<String, PublishOutcome.BranchCommit> commits,
      List<RemoteRefUpdate> updates,
      List<RenderedBranch> branches) {}

  /**
   * Writes each target's new tree and commit (none when its tree would not change); clusters in
   * {@code writtenTrees} went into the pack as they were checked and are not written again.
   */
  private Written write(
      ObjectInserter inserter,
      SourceCommit source,
      FleetRender render,
      Staging staging,
      List<BranchBuild.Target> targets,
      Map<String, ObjectId> writtenTrees)
      throws IOException {
    Map<String, Map<String, ObjectId>> rendered =
        insertClusters(inserter, source, render, staging, writtenTrees);
    ObjectId gitattributes = blob(inserter, BranchReadme.gitattributes());

    Map<String, PublishOutcome.BranchCommit> commits = new LinkedHashMap<>();
    List<RemoteRefUpdate> updates = new ArrayList<>();
    List<RenderedBranch> pushed = new ArrayList<>();
    for (BranchBuild.Target target : targets) {
      String env = target.environment();
      RenderedBranch branch = target.branch();
      Map<String, ObjectId> renderedHere = rendered.getOrDefault(env, Map.of());
      var plan =
          new BranchLayout.Plan(
              renderedHere,
              target::keeps,
              fleetTree(inserter, render.environmentFiles().get(env)),
              gitattributes,
              rootFiles(inserter, staging.rootFiles().getOrDefault(env, Map.of())));
      Optional<BranchLayout.Next> planned = BranchLayout.next(branch, plan);
      if (planned.isEmpty()) {
        continue;
      }
      BranchLayout.Next next = planned.get();
      next.entries()
          .put(
              BranchLayout.README,
              RenderedBranch.Entry.file(
                  blob(
                      inserter,
                      BranchReadme.text(env, branch.name(), source, destination.displayUrl()))));
      List<String> changed = next.changedClusters();
      ObjectId commit =
          commit(
              inserter,
              TreeWriter.entries(inserter, next.entries()),
              branch.tip(),
              source,
              changed,
              Optional.ofNullable(staging.messages().get(env)));
      commits.put(env, new PublishOutcome.BranchCommit(branch.name(), commit.name(), changed));
      updates.add(
          new RemoteRefUpdate(
              local,
              (String) null,
              commit,
              Constants.R_HEADS + branch.name(),
              false,
              null,
              branch.tip().orElse(ObjectId.zeroId())));
      pushed.add(
          reader.next(
              branch,
              commit,
              next.entries(),
              changed,
              staging.rootFiles().getOrDefault(env, Map.of())));
    }
    return new Written(commits, updates, pushed);
  }

  @Override
  public boolean holds(String revision, RenderedBranch branch, String cluster) {
    RenderedBranch.Entry now = branch.entries().get(cluster);
    if (now == null) {
      return false;
    }
    try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(local);
        org.eclipse.jgit.treewalk.TreeWalk at =
            org.eclipse.jgit.treewalk.TreeWalk.forPath(
                local, cluster, walk.parseCommit(ObjectId.fromString(revision)).getTree())) {
      return at != null && now.id().equals(at.getObjectId(0));
    } catch (IOException | IllegalArgumentException e) {
      return false; // not a commit we have: not the render we wait for
    }
  }

  /**
   * Many clusters' objects go into one pack, written on every core; a few go in as loose objects.
   */
  private ObjectInserter inserter(int clusters) {
    if (clusters > BULK_THRESHOLD && local.getObjectDatabase() instanceof ObjectDirectory objects) {
      return new BulkInserter(objects);
    }
    return local.newObjectInserter();
  }

  /**
   * Each rendered cluster's directory, written as a subtree, by environment and cluster; those
   * {@code written} as they were checked are not written again.
   */
  private Map<String, Map<String, ObjectId>> insertClusters(
      ObjectInserter inserter,
      SourceCommit source,
      FleetRender render,
      Staging staging,
      Map<String, ObjectId> written)
      throws IOException {
    var clusters =
        inserter instanceof BulkInserter
            ? render.rendered().parallelStream()
            : render.rendered().stream();
    try {
      Map<String, ClusterSpec> specs = render.specsById();
      var trees =
          clusters
              .map(
                  cluster ->
                      Map.entry(
                          cluster,
                          written.containsKey(key(cluster))
                              ? written.get(key(cluster))
                              : insertCluster(
                                  inserter,
                                  cluster,
                                  specs.get(cluster.id()),
                                  source,
                                  staging.pin(cluster.id()))))
              .toList();
      Map<String, Map<String, ObjectId>> byEnvironment = new HashMap<>();
      trees.forEach(
          t ->
              byEnvironment
                  .computeIfAbsent(t.getKey().environment(), e -> new TreeMap<>())
                  .put(t.getKey().id(), t.getValue()));
      return byEnvironment;
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The cluster's directory as a subtree: its files and its metadata. */
  private ObjectId insertCluster(
      ObjectInserter inserter,
      RenderedCluster cluster,
      ClusterSpec spec,
      SourceCommit source,
      Optional<Staging.Pin> pin) {
    if (cluster.files().isEmpty()) {
      throw new IllegalStateException(
          "cluster " + cluster.id() + " has no files: it was written for another publish");
    }
    SortedMap<String, ObjectId> files = new TreeMap<>();
    for (var file : cluster.files().entrySet()) {
      files.put(file.getKey(), blob(inserter, file.getValue()));
    }
    String renderHash = RenderHash.of(spec);
    ClusterMetadata metadata =
        new ClusterMetadata(
            sourceUrl,
            source.id(),
            source.authorName() + " <" + source.authorEmail() + ">",
            source.time().toString(),
            source.subject(),
            cluster.id(),
            cluster.environment(),
            cluster.configHash(),
            renderHash,
            RendererVersion.VERSION,
            pin.map(Staging.Pin::sharedLayersCommit).orElse(source.id()),
            pin.map(Staging.Pin::clusterTree).orElse(""),
            spec.name());
    try {
      files.put(BranchLayout.METADATA, blob(inserter, json(metadata)));
      ObjectId tree = TreeWriter.files(inserter, files);
      reader.remember(tree, metadata);
      return tree;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value, e);
    }
  }

  private static SortedMap<String, ObjectId> rootFiles(
      ObjectInserter inserter, Map<String, byte[]> files) throws IOException {
    SortedMap<String, ObjectId> blobs = new TreeMap<>();
    for (var file : files.entrySet()) {
      blobs.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue()));
    }
    return blobs;
  }

  private static Optional<ObjectId> fleetTree(
      ObjectInserter inserter, SortedMap<String, String> files) throws IOException {
    if (files == null || files.isEmpty()) {
      return Optional.empty();
    }
    SortedMap<String, ObjectId> blobs = new TreeMap<>();
    files.forEach((name, text) -> blobs.put(name, blob(inserter, text)));
    return Optional.of(TreeWriter.files(inserter, blobs));
  }

  private static ObjectId blob(ObjectInserter inserter, String text) {
    try {
      return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ObjectId commit(
      ObjectInserter inserter,
      ObjectId tree,
      Optional<ObjectId> parent,
      SourceCommit source,
      List<String> changed,
      Optional<String> rollout)
      throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    parent.ifPresent(commit::setParentId);
    PersonIdent committer = new PersonIdent(COMMITTER_TEMPLATE, Instant.now());
    commit.setAuthor(committer);
    commit.setCommitter(committer);
    commit.setMessage(BranchBuild.message(source, sourceUrl, changed, rollout));
    if (signer.isPresent()) {
      signer.get().sign(commit);
    }
    return inserter.insert(commit);
  }
}
