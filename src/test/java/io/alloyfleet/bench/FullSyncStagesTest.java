package io.alloyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench puts each JFR sample of a full sync in the stage its stack (leaf first) shows. */
class FullSyncStagesTest {

  @Test
  void aSampleFallsInTheInnermostKindOfWorkOnItsStack() {
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "sun.security.provider.SHA",
                    "java.security.MessageDigest",
                    "io.alloyfleet.git.BulkInserter",
                    "io.alloyfleet.publish.BranchPublisher")))
        .isEqualTo("hash");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "java.util.zip.Deflater",
                    "io.alloyfleet.git.BulkInserter$Worker",
                    "io.alloyfleet.publish.BranchPublisher")))
        .isEqualTo("pack write");
    assertThat(
            FullSyncStages.stage(
                List.of("org.eclipse.jgit.lib.TreeFormatter", "io.alloyfleet.publish.TreeWriter")))
        .isEqualTo("tree build");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "io.alloyfleet.alloy.Parser",
                    "io.alloyfleet.pipeline.RenderPipeline",
                    "io.alloyfleet.fleet.ClusterSpec")))
        .isEqualTo("check");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "io.quarkus.qute.EvaluatorImpl",
                    "io.alloyfleet.render.ClusterRenderer",
                    "io.alloyfleet.pipeline.RenderPipeline")))
        .isEqualTo("render");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "io.alloyfleet.fleet.layers.LayerStack", "io.alloyfleet.fleet.FleetLoader")))
        .isEqualTo("merge");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "io.alloyfleet.fleet.values.ValuesSchema", "io.alloyfleet.fleet.FleetLoader")))
        .isEqualTo("validate");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "org.yaml.snakeyaml.parser.ParserImpl",
                    "io.alloyfleet.fleet.files.YamlReader")))
        .isEqualTo("load");
    assertThat(FullSyncStages.stage(List.of("java.util.concurrent.ForkJoinPool")))
        .isEqualTo("other");
  }

  @Test
  void aPushsOwnPackingAndHashingCountAsThePush() {
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "org.eclipse.jgit.util.sha1.SHA1",
                    "org.eclipse.jgit.internal.storage.pack.PackWriter",
                    "org.eclipse.jgit.transport.BasePackPushConnection",
                    "org.eclipse.jgit.transport.PushProcess",
                    "io.alloyfleet.publish.BranchPush")))
        .isEqualTo("push");
    assertThat(
            FullSyncStages.stage(
                List.of(
                    "org.eclipse.jgit.transport.PackParser",
                    "org.eclipse.jgit.transport.ReceivePack")))
        .isEqualTo("push");
  }
}
