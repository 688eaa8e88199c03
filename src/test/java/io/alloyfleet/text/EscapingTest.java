package io.alloyfleet.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each language's table, pinned: the escapes rendered files and messages have always shown. */
class EscapingTest {

  static final String NASTY = "a\"\\\n\u0001\u0085\u2028\u202e\ufeff";

  @Test
  void eachLanguageEscapesItsOwnSetOfCharacters() {
    assertThat(Escaping.ALLOY.quoted(NASTY))
        .isEqualTo("\"a\\\"\\\\\\n\\x01\u0085\u2028\u202e\ufeff\"");
    assertThat(Escaping.YAML.quoted(NASTY))
        .isEqualTo("\"a\\\"\\\\\\n\\u0001\\u0085\\u2028\u202e\\ufeff\"");
    assertThat(Escaping.TEXT.quoted(NASTY))
        .isEqualTo("\"a\\\"\\\\\\n\\u0001\\u0085\\u2028\\u202e\\ufeff\"");
    assertThat(Escaping.GO.quoted(NASTY))
        .isEqualTo("\"a\\\"\\\\\\n\\x01\\x85\\u2028\u202e\ufeff\"");
  }

  @Test
  void printableTextKeepsQuotesAndBackslashesAndIsItselfWhenClean() {
    String clean = "say \"hi\" \\ ünïcødé";
    assertThat(Escaping.TEXT.escaped(clean)).isSameAs(clean);
    assertThat(Escaping.TEXT.escaped("a\"b\nc\u202ed")).isEqualTo("a\"b\\nc\\u202ed");
  }
}
