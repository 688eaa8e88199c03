package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alloyfleet.alloy.Syntax.Attribute;
import io.alloyfleet.alloy.Syntax.Block;
import io.alloyfleet.alloy.Syntax.Body;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Statement;
import io.alloyfleet.diagnostics.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tree deeper than {@link TokenCursor#MAX_DEPTH} is one located error, however it is built:
 * recursion (brackets, blocks) or a chain the parser loops over (indexes, {@code +}), so every walk
 * of the tree after the parser is bounded.
 */
class NestingDepthTest {

  /** 20,000 indexes, about 60 KB: under the size limit of a team's file. */
  static String indexChain() {
    return "prometheus.scrape \"deep\" {\n  targets = []\n  forward_to = []\n  job_name = "
        + "discovery.kubernetes.pods.targets"
        + "[0]".repeat(20_000)
        + "\n}\n";
  }

  /** 20,000 strings added up, about 120 KB. */
  static String additionChain() {
    return "prometheus.scrape \"deep\" {\n  targets = []\n  forward_to = []\n  job_name = \"x\""
        + " + \"x\"".repeat(20_000)
        + "\n}\n";
  }

  @Test
  void aLongIndexChainIsRefusedWhereItPassesTheLimit() {
    String text = indexChain();
    assertThat(text.length()).isBetween(60_000, 64_000);
    List<Problem> errors = AlloyChecker.check(text);
    // "job_name = " + "discovery.kubernetes.pods.targets" is 44 columns; the access chain takes
    // three
    // levels, so the 197th index is the 201st level.
    int column = 3 + "job_name = discovery.kubernetes.pods.targets".length() + 196 * 3;
    assertThat(errors)
        .containsExactly(
            AlloyError.at(4, column, "expression nested too deeply: more than 200 levels"));
  }

  @Test
  void aLongAdditionChainIsRefusedWhereItPassesTheLimit() {
    String text = additionChain();
    assertThat(text.length()).isBetween(120_000, 124_000);
    List<Problem> errors = AlloyChecker.check(text);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).line()).isEqualTo(4);
    assertThat(errors.get(0).message())
        .isEqualTo("expression nested too deeply: more than 200 levels");
    // the 200th "+" makes the 201st level
    assertThat(errors.get(0).column()).isEqualTo(3 + "job_name = \"x\"".length() + 199 * 6 + 1);
  }

  @Test
  void rightAssociativePowersAndUnaryChainsAreRefusedToo() {
    assertThat(AlloyChecker.check("a = 2" + " ^ 2".repeat(50_000) + "\n"))
        .extracting(Problem::message)
        .containsExactly("expression nested too deeply: more than 200 levels");
    assertThat(AlloyChecker.check("a = " + "-".repeat(50_000) + "1\n"))
        .extracting(Problem::message)
        .containsExactly("expression nested too deeply: more than 200 levels");
    assertThat(AlloyChecker.check("a = " + "f(".repeat(50_000) + "\n"))
        .extracting(Problem::message)
        .containsExactly("expression nested too deeply: more than 200 levels");
  }

  @Test
  void blocksInBlocksAreRefusedPastTheLimit() {
    List<Problem> errors = AlloyChecker.check("a {\n".repeat(50_000));
    assertThat(errors)
        .containsExactly(AlloyError.at(201, 1, "block nested too deeply: more than 200 levels"));
  }

  @Test
  void aTreeAtTheLimitIsAccepted() {
    // 199 indexes on an identifier, plus the identifier: 200 levels.
    assertThat(AlloyChecker.syntax("a = b" + "[0]".repeat(199) + "\n")).isEmpty();
    assertThat(AlloyChecker.syntax("a = b" + "[0]".repeat(200) + "\n")).hasSize(1);
  }

  /** Grafana's own configs stay far below the bound: no false alarm, with room to spare. */
  @Test
  void theDeepestValidConfigIsFarFromTheLimit() throws Exception {
    List<Path> files = AlloyCorpusTest.alloyFiles(Path.of("src/test/resources/alloy-corpus/valid"));
    assertThat(files).hasSizeGreaterThan(300);
    int deepest = 0;
    for (Path file : files) {
      Parser.Result parsed = Parser.parse(Files.readString(file, StandardCharsets.UTF_8));
      assertThat(parsed.errors()).as(file.toString()).isEmpty();
      deepest = Math.max(deepest, height(parsed.body()));
    }
    assertThat(deepest).isBetween(5, TokenCursor.MAX_DEPTH / 5);
  }

  /** The height of a file's tree, blocks and expressions together, walked without recursion. */
  static int height(Body body) {
    record At(Object node, int depth) {}
    Deque<At> pending = new ArrayDeque<>();
    pending.push(new At(body, 1));
    int deepest = 0;
    while (!pending.isEmpty()) {
      At at = pending.pop();
      deepest = Math.max(deepest, at.depth());
      switch (at.node()) {
        case Body b -> {
          for (Statement s : b.statements()) {
            pending.push(new At(s, at.depth() + 1));
          }
        }
        case Block block -> pending.push(new At(block.body(), at.depth()));
        case Attribute attribute -> pending.push(new At(attribute.value(), at.depth() + 1));
        case Expr expr ->
            Syntax.children(expr).forEach(c -> pending.push(new At(c, at.depth() + 1)));
        default -> throw new IllegalStateException(at.node().toString());
      }
    }
    return deepest;
  }
}
