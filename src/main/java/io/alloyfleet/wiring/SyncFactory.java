package io.alloyfleet.wiring;

import io.alloyfleet.git.LocalCache;
import io.alloyfleet.git.RemoteAccess;
import io.alloyfleet.kube.ArgoApplications;
import io.alloyfleet.pipeline.RenderPipeline;
import io.alloyfleet.publish.BranchPublisher;
import io.alloyfleet.signing.CommitSigner;
import io.alloyfleet.signing.SigningException;
import io.alloyfleet.signing.TrustedSigners;
import io.alloyfleet.source.FleetSource;
import io.alloyfleet.sync.FleetSettings;
import io.alloyfleet.sync.Sync;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.jboss.logging.Logger;

/**
 * Settings → the service's {@link Sync}: remotes with their credentials, the local cache repo, the
 * demo. The sync loop asks it at start and when the local cache has to be cloned again.
 */
@ApplicationScoped
class SyncFactory implements Sync.Factory {

  /** Where these log lines have always come from. */
  private static final Logger LOG = Logger.getLogger("io.alloyfleet.sync.SyncFactory");

  private final FleetSettings settings;
  private final RenderPipeline pipeline;
  private final ArgoApplications argo;

  SyncFactory(FleetSettings settings, RenderPipeline pipeline, ArgoApplications argo) {
    this.settings = settings;
    this.pipeline = pipeline;
    this.argo = argo;
  }

  @Override
  public Sync create() throws Exception {
    Path dataDir = settings.dataDir();
    Files.createDirectories(dataDir);
    Path sshHome = dataDir.resolve("ssh");
    var src = settings.source();
    boolean demo = src.url().isEmpty();
    String sourceUrl =
        demo ? DemoFleet.ensure(dataDir, Path.of("gitops-example")) : src.url().get();
    RemoteAccess source = remote(sourceUrl, src.credentials(), sshHome);
    RemoteAccess destination =
        settings
            .destination()
            .url()
            .map(url -> remote(url, settings.destination().credentials(), sshHome))
            .orElse(source);
    Repository cache = LocalCache.open(dataDir.resolve("cache.git"));
    String root = src.path().orElse("");
    FleetSource fleetSource =
        new FleetSource(
            cache,
            source,
            src.branch(),
            root,
            TrustedSigners.of(src.verify().allowedSigners(), src.verify().openpgpKeys()));
    BranchPublisher publisher =
        new BranchPublisher(
            cache,
            destination,
            settings.destination().branchTemplate(),
            source.displayUrl(),
            signer(settings.publish().signing()));
    if (demo) {
      Path seed = dataDir.resolve("demo-seed").toAbsolutePath();
      DemoFleet.checkoutSeed(dataDir, sourceUrl)
          .exceptionally(
              e -> {
                LOG.warnf(
                    "The demo works without it, but %s",
                    (e.getCause() == null ? e : e.getCause()).getMessage());
                return seed;
              });
      LOG.infof(
          "No alloy-fleet.source.url set: running the demo on %s, seeded from gitops-example/. Try: edit %s/clusters/edge-small/cluster.yaml, "
              + "then git -C %s commit -am 'My change' && git -C %s push; watch git -C %s log --stat rendered/production",
          source.displayUrl(),
          seed,
          seed,
          seed,
          dataDir.resolve("demo-fleet.git").toAbsolutePath());
    }
    LOG.infof(
        "Syncing %s branch %s%s every %s to %s (%s)",
        source.displayUrl(),
        src.branch(),
        root.isEmpty() ? "" : " path " + root,
        settings.pollInterval(),
        destination.displayUrl(),
        settings.destination().branchTemplate());
    return new Sync(
        fleetSource,
        publisher,
        pipeline,
        Duration.ofMillis(500),
        new io.alloyfleet.rollout.ClusterGates(argo, publisher),
        java.time.Clock.systemUTC());
  }

  /** The signer of rendered commits, tried once: a key that cannot sign stops the start. */
  private static Optional<CommitSigner> signer(FleetSettings.Signing signing)
      throws SigningException {
    if (signing.format().isEmpty()) {
      if (signing.key().isPresent()) {
        throw new SigningException(
            "alloy-fleet.publish.signing.key is set without alloy-fleet.publish.signing.format"
                + " (ssh or openpgp)",
            null);
      }
      return Optional.empty();
    }
    Path key =
        signing
            .key()
            .orElseThrow(
                () ->
                    new SigningException(
                        "alloy-fleet.publish.signing.format is "
                            + signing.format().get().label()
                            + ": alloy-fleet.publish.signing.key must name the private key file",
                        null));
    CommitSigner signer = CommitSigner.load(signing.format().get(), key, signing.passphraseFile());
    LOG.infof(
        "Rendered commits are signed (%s, key %s)",
        signer.key().format().label(), signer.key().fingerprint());
    return Optional.of(signer);
  }

  private static RemoteAccess remote(String url, FleetSettings.Credentials c, Path sshHome) {
    return RemoteAccess.to(url, sshHome)
        .username(c.username())
        .passwordFile(c.passwordFile())
        .password(c.password())
        .sshKeyFile(c.sshKeyFile())
        .knownHostsFile(c.knownHostsFile())
        .allowUnknownHosts(c.allowUnknownHosts())
        .build();
  }
}
