package io.alloyfleet.alloy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random damage to valid configs gives errors, never an exception, a hang or a stack overflow. */
class ParserRobustnessTest {

  private static final String ALPHABET = "{}[]()\"`'=,.!\n\t /*-+^%&|<>abc_019";

  @Test
  void mutatedConfigsNeverCrashTheChecker() throws Exception {
    Random random = new Random(20261125L);
    List<Path> files = AlloyCorpusTest.alloyFiles(Path.of("src/test/resources/alloy-corpus/valid"));
    int mutants = 0;
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.isEmpty()) {
        continue;
      }
      for (int i = 0; i < 12; i++) {
        String mutant = mutate(text, random);
        assertThatCode(() -> AlloyChecker.check(mutant))
            .as(file + " mutant " + i)
            .doesNotThrowAnyException();
        mutants++;
      }
    }
    assertThat(mutants).isGreaterThan(3000);
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "a = " + "[".repeat(100_000) + "\n";
    assertThat(AlloyChecker.check(deep)).isNotEmpty();
    String blocks = "a {\n".repeat(50_000);
    assertThat(AlloyChecker.check(blocks)).isNotEmpty();
  }

  static String mutate(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(4)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 2 -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        default -> {
          int end = Math.min(out.length(), at + random.nextInt(40));
          out.insert(random.nextInt(out.length()), out.substring(at, end));
        }
      }
    }
    return out.toString();
  }
}
