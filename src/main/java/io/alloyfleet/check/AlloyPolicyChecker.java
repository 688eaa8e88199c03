package io.alloyfleet.check;

import io.alloyfleet.check.Syntax.Access;
import io.alloyfleet.check.Syntax.ArrayExpr;
import io.alloyfleet.check.Syntax.Attribute;
import io.alloyfleet.check.Syntax.Binary;
import io.alloyfleet.check.Syntax.Block;
import io.alloyfleet.check.Syntax.Body;
import io.alloyfleet.check.Syntax.Call;
import io.alloyfleet.check.Syntax.Expr;
import io.alloyfleet.check.Syntax.Ident;
import io.alloyfleet.check.Syntax.Index;
import io.alloyfleet.check.Syntax.Literal;
import io.alloyfleet.check.Syntax.ObjectExpr;
import io.alloyfleet.check.Syntax.Paren;
import io.alloyfleet.check.Syntax.Statement;
import io.alloyfleet.check.Syntax.Unary;
import io.alloyfleet.fleet.AlloyPolicy;
import io.alloyfleet.fleet.Hosts;
import io.alloyfleet.fleet.Policy.Rule;
import io.alloyfleet.fleet.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What a cluster's policy refuses in the Alloy its team wrote (customConfig and *.alloy; the
 * generated part is Alloy Fleet's own): denied components, components that send data to a host the
 * policy does not allow, and reading the agent's own credentials from its environment.
 */
final class AlloyPolicyChecker {

  /**
   * The variable the Deployment fills with the agent's bearer token (see deployment.yaml and
   * config.alloy).
   */
  static final String TOKEN_VARIABLE = "ALLOY_FLEET_TOKEN";

  /** The arguments through which a sending component names where it sends. */
  private static final Set<String> TARGETS = Set.of("url", "endpoint", "brokers", "hostnames");

  private final AlloyPolicy policy;
  private final IntPredicate teamWritten;
  private final List<AlloyError> errors = new ArrayList<>();

  private AlloyPolicyChecker(AlloyPolicy policy, IntPredicate teamWritten) {
    this.policy = policy;
    this.teamWritten = teamWritten;
  }

  /**
   * The policy's refusals in {@code body}, for the blocks that start on a line {@code teamWritten}
   * accepts.
   */
  static List<AlloyError> check(Body body, AlloyPolicy policy, IntPredicate teamWritten) {
    AlloyPolicyChecker checker = new AlloyPolicyChecker(policy, teamWritten);
    checker.body(body, false);
    return checker.errors;
  }

  /** Components sending data out of the cluster: exporters and writers. */
  static boolean sends(String component) {
    return component.startsWith("otelcol.exporter.")
        || component.endsWith(".write")
        || component.equals("prometheus.remote_write");
  }

  private void body(Body body, boolean sending) {
    for (Statement statement : body.statements()) {
      switch (statement) {
        case Block block -> block(block, sending);
        case Attribute attribute -> {
          if (teamWritten.test(attribute.line())) {
            if (sending && TARGETS.contains(attribute.name())) {
              target(attribute);
            }
            expression(attribute.value());
          }
        }
      }
    }
  }

  private void block(Block block, boolean sending) {
    String name = block.fullName();
    if (teamWritten.test(block.line())) {
      policy.deniedComponents().stream()
          .filter(rule -> denies(rule.value(), name))
          .findFirst()
          .ifPresent(
              rule ->
                  error(
                      block.line(),
                      block.column(),
                      "component " + Text.quote(name) + " is denied " + rule.cite()));
    }
    body(block.body(), sending || sends(name));
  }

  private static boolean denies(String pattern, String component) {
    return pattern.endsWith(".*")
        ? component.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(component);
  }

  private void target(Attribute attribute) {
    List<Literal> literals = new ArrayList<>();
    if (!literalStrings(attribute.value(), literals)) {
      if (policy.explicitHosts()) {
        error(
            attribute.line(),
            attribute.column(),
            attribute.name()
                + " must be a literal string: the policy allows only "
                + hosts()
                + " "
                + policy.allowedHosts().get(0).cite());
      }
      return;
    }
    for (Literal literal : literals) {
      String endpoint = TokenCursor.unquote(literal.text());
      Optional<String> host = Hosts.of(endpoint);
      if (host.isEmpty()
          || policy.allowedHosts().stream()
              .noneMatch(rule -> Hosts.matches(rule.value(), host.get()))) {
        String where =
            policy.allowedHosts().isEmpty()
                ? "no host is allowed (the cluster has no endpoints)"
                : "allowed: "
                    + hosts()
                    + " "
                    + (policy.explicitHosts()
                        ? policy.allowedHosts().get(0).cite()
                        : "(the hosts of endpoints.*, as no policy lists allowedHosts)");
        error(
            attribute.line(),
            attribute.column(),
            attribute.name()
                + " "
                + Text.quote(endpoint)
                + " targets a host the policy does not allow; "
                + where);
      }
    }
  }

  private String hosts() {
    return String.join(", ", policy.allowedHosts().stream().map(Rule::value).toList());
  }

  /**
   * Collects the string literals of a literal string or list of them; false when anything else is
   * there.
   */
  private static boolean literalStrings(Expr expr, List<Literal> out) {
    return switch (expr) {
      case Literal literal when literal.kind() == Token.Kind.STRING -> out.add(literal);
      case ArrayExpr array -> array.items().stream().allMatch(item -> literalStrings(item, out));
      case Paren paren -> literalStrings(paren.inner(), out);
      default -> false;
    };
  }

  /**
   * Every call in an expression: {@code sys.env} may not read the agent's token, nor a variable
   * whose name is computed.
   */
  private void expression(Expr expr) {
    switch (expr) {
      case Call call -> {
        Optional<Position> function = environmentFunction(call.function());
        if (function.isPresent()) {
          Position at = function.get();
          Optional<String> variable =
              call.args().size() == 1
                      && call.args().get(0) instanceof Literal l
                      && l.kind() == Token.Kind.STRING
                  ? Optional.of(TokenCursor.unquote(l.text()))
                  : Optional.empty();
          if (variable.isEmpty()) {
            error(
                at.line(),
                at.column(),
                "sys.env must name its variable literally: the agent's own credentials are not readable");
          } else if (variable.get().equals(TOKEN_VARIABLE)) {
            error(
                at.line(),
                at.column(),
                "sys.env("
                    + Text.quote(TOKEN_VARIABLE)
                    + ") reads the agent's own credentials, which team Alloy may not read");
          }
        }
        expression(call.function());
        call.args().forEach(this::expression);
      }
      case Access access -> expression(access.target());
      case Index index -> {
        expression(index.target());
        expression(index.index());
      }
      case ArrayExpr array -> array.items().forEach(this::expression);
      case ObjectExpr object -> object.fields().forEach(f -> expression(f.value()));
      case Unary unary -> expression(unary.operand());
      case Binary binary -> {
        expression(binary.left());
        expression(binary.right());
      }
      case Paren paren -> expression(paren.inner());
      default -> {}
    }
  }

  private record Position(int line, int column) {}

  /** {@code sys.env}, or the older {@code env} that Alloy still accepts. */
  private static Optional<Position> environmentFunction(Expr function) {
    if (function instanceof Access access
        && access.field().equals("env")
        && access.target() instanceof Ident ident
        && ident.name().equals("sys")) {
      return Optional.of(new Position(access.line(), access.column()));
    }
    if (function instanceof Ident ident && ident.name().equals("env")) {
      return Optional.of(new Position(ident.line(), ident.column()));
    }
    return Optional.empty();
  }

  private void error(int line, int column, String message) {
    errors.add(new AlloyError(line, column, message));
  }
}
