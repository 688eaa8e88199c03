package io.alloyfleet.alloy;

import io.alloyfleet.alloy.Token.Kind;
import io.alloyfleet.diagnostics.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Alloy's scanner: Go-like tokens, {@code //} and {@code /* *\/} comments, double-quoted strings
 * with Go escapes, backtick raw strings, and a terminator inserted at a newline that follows an
 * identifier, literal, {@code )}, {@code ]} or {@code }}.
 */
final class Scanner {

  private final String src;
  private final List<Problem> errors;
  private int pos;
  private int line = 1;
  private int lineStart;
  private boolean insertTerminator;

  Scanner(String src, List<Problem> errors) {
    this.src = src;
    this.errors = errors;
  }

  List<Token> scan() {
    List<Token> tokens = new ArrayList<>();
    Token token;
    do {
      token = next();
      tokens.add(token);
    } while (token.kind() != Kind.EOF);
    return tokens;
  }

  private Token next() {
    while (true) {
      skipSpaces();
      int startLine = line;
      int startColumn = column();
      if (pos >= src.length()) {
        if (insertTerminator) {
          insertTerminator = false;
          return new Token(Kind.TERMINATOR, "", startLine, startColumn);
        }
        return new Token(Kind.EOF, "", startLine, startColumn);
      }
      char c = src.charAt(pos);
      if (c == '\n') {
        newline();
        if (insertTerminator) {
          insertTerminator = false;
          return new Token(Kind.TERMINATOR, "\n", startLine, startColumn);
        }
        continue;
      }
      if (c == '/' && peek(1) == '/') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
        continue;
      }
      if (c == '/' && peek(1) == '*') {
        if (blockComment(startLine, startColumn) && insertTerminator) {
          insertTerminator = false;
          return new Token(Kind.TERMINATOR, "\n", startLine, startColumn);
        }
        continue;
      }
      Token token = token(c, startLine, startColumn);
      insertTerminator =
          switch (token.kind()) {
            case IDENT, NUMBER, FLOAT, STRING, BOOL, NULL, RPAREN, RBRACK, RCURLY -> true;
            default -> false;
          };
      return token;
    }
  }

  private Token token(char c, int startLine, int startColumn) {
    int start = pos;
    if (Character.isLetter(c) || c == '_') {
      while (pos < src.length()
          && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      String word = src.substring(start, pos);
      Kind kind =
          switch (word) {
            case "true", "false" -> Kind.BOOL;
            case "null" -> Kind.NULL;
            default -> Kind.IDENT;
          };
      return new Token(kind, word, startLine, startColumn);
    }
    if (Character.isDigit(c)) {
      return number(startLine, startColumn);
    }
    if (c == '"') {
      return string(startLine, startColumn);
    }
    if (c == '`') {
      return rawString(startLine, startColumn);
    }
    pos++;
    Kind kind =
        switch (c) {
          case '|' -> twoChar('|', Kind.OR, Kind.ILLEGAL);
          case '&' -> twoChar('&', Kind.AND, Kind.ILLEGAL);
          case '=' -> twoChar('=', Kind.EQ, Kind.ASSIGN);
          case '!' -> twoChar('=', Kind.NEQ, Kind.NOT);
          case '<' -> twoChar('=', Kind.LTE, Kind.LT);
          case '>' -> twoChar('=', Kind.GTE, Kind.GT);
          case '+' -> Kind.ADD;
          case '-' -> Kind.SUB;
          case '*' -> Kind.MUL;
          case '/' -> Kind.DIV;
          case '%' -> Kind.MOD;
          case '^' -> Kind.POW;
          case '{' -> Kind.LCURLY;
          case '}' -> Kind.RCURLY;
          case '(' -> Kind.LPAREN;
          case ')' -> Kind.RPAREN;
          case '[' -> Kind.LBRACK;
          case ']' -> Kind.RBRACK;
          case ',' -> Kind.COMMA;
          case '.' -> Kind.DOT;
          default -> Kind.ILLEGAL;
        };
    if (kind == Kind.ILLEGAL) {
      String what =
          c == '\''
              ? "illegal single-quoted string; use double quotes"
              : String.format("illegal character U+%04X '%c'", (int) c, c);
      errors.add(AlloyError.at(startLine, startColumn, what));
    }
    return new Token(kind, src.substring(start, pos), startLine, startColumn);
  }

  private Kind twoChar(char second, Kind ifTwo, Kind ifOne) {
    if (pos < src.length() && src.charAt(pos) == second) {
      pos++;
      return ifTwo;
    }
    return ifOne;
  }

  private Token number(int startLine, int startColumn) {
    int start = pos;
    boolean isFloat = false;
    digits();
    if (peek(0) == '.' && Character.isDigit(peek(1))) {
      isFloat = true;
      pos++;
      digits();
    }
    if (peek(0) == 'e' || peek(0) == 'E') {
      int mark = pos;
      pos++;
      if (peek(0) == '+' || peek(0) == '-') {
        pos++;
      }
      if (Character.isDigit(peek(0))) {
        isFloat = true;
        digits();
      } else {
        pos = mark;
      }
    }
    return new Token(
        isFloat ? Kind.FLOAT : Kind.NUMBER, src.substring(start, pos), startLine, startColumn);
  }

  private void digits() {
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
  }

  private Token string(int startLine, int startColumn) {
    int start = pos++;
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        errors.add(AlloyError.at(startLine, startColumn, "string literal not terminated"));
        return new Token(Kind.STRING, src.substring(start, pos), startLine, startColumn);
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        return new Token(Kind.STRING, src.substring(start, pos), startLine, startColumn);
      }
      if (c == '\\') {
        escape();
      }
    }
  }

  private void escape() {
    int line0 = line;
    int column0 = column() - 1;
    char c = peek(0);
    int hex =
        switch (c) {
          case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"' -> 0;
          case 'x' -> 2;
          case 'u' -> 4;
          case 'U' -> 8;
          default -> Character.isDigit(c) && c < '8' ? -3 : -1;
        };
    if (hex == -1) {
      errors.add(AlloyError.at(line0, column0, "unknown escape sequence"));
      if (c != '\n' && pos < src.length()) {
        pos++;
      }
      return;
    }
    if (hex == -3) {
      for (int i = 0; i < 3; i++) {
        if (peek(0) < '0' || peek(0) > '7') {
          errors.add(AlloyError.at(line0, column0, "illegal character in escape sequence"));
          return;
        }
        pos++;
      }
      return;
    }
    pos++;
    for (int i = 0; i < hex; i++) {
      if (Character.digit(peek(0), 16) < 0) {
        errors.add(AlloyError.at(line0, column0, "illegal character in escape sequence"));
        return;
      }
      pos++;
    }
  }

  private Token rawString(int startLine, int startColumn) {
    int start = pos++;
    while (pos < src.length() && src.charAt(pos) != '`') {
      if (src.charAt(pos) == '\n') {
        newlineAt(pos);
      }
      pos++;
    }
    if (pos >= src.length()) {
      errors.add(AlloyError.at(startLine, startColumn, "raw string literal not terminated"));
      return new Token(Kind.STRING, src.substring(start), startLine, startColumn);
    }
    pos++;
    return new Token(Kind.STRING, src.substring(start, pos), startLine, startColumn);
  }

  /** Skips a block comment; true when it spans lines (it then ends a statement like a newline). */
  private boolean blockComment(int startLine, int startColumn) {
    pos += 2;
    boolean multiline = false;
    while (pos < src.length() && !(src.charAt(pos) == '*' && peek(1) == '/')) {
      if (src.charAt(pos) == '\n') {
        newlineAt(pos);
        multiline = true;
      }
      pos++;
    }
    if (pos >= src.length()) {
      errors.add(AlloyError.at(startLine, startColumn, "comment not terminated"));
      return multiline;
    }
    pos += 2;
    return multiline;
  }

  private void skipSpaces() {
    while (pos < src.length()
        && (src.charAt(pos) == ' '
            || src.charAt(pos) == '\t'
            || src.charAt(pos) == '\r'
            || src.charAt(pos) == '\uFEFF')) {
      pos++;
    }
  }

  private void newline() {
    newlineAt(pos);
    pos++;
  }

  private void newlineAt(int index) {
    line++;
    lineStart = index + 1;
  }

  private int column() {
    return pos - lineStart + 1;
  }

  private char peek(int ahead) {
    return pos + ahead < src.length() ? src.charAt(pos + ahead) : '\0';
  }
}
