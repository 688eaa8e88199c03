package io.alloyfleet.check;

import io.alloyfleet.alloy.AlloyError;
import io.alloyfleet.alloy.ComponentCatalog;
import io.alloyfleet.alloy.ComponentCatalog.Shape;
import io.alloyfleet.alloy.Parser;
import io.alloyfleet.alloy.Syntax;
import io.alloyfleet.alloy.Syntax.Access;
import io.alloyfleet.alloy.Syntax.ArrayExpr;
import io.alloyfleet.alloy.Syntax.Attribute;
import io.alloyfleet.alloy.Syntax.Block;
import io.alloyfleet.alloy.Syntax.Body;
import io.alloyfleet.alloy.Syntax.Call;
import io.alloyfleet.alloy.Syntax.Expr;
import io.alloyfleet.alloy.Syntax.Field;
import io.alloyfleet.alloy.Syntax.Ident;
import io.alloyfleet.alloy.Syntax.Literal;
import io.alloyfleet.alloy.Syntax.ObjectExpr;
import io.alloyfleet.alloy.Syntax.Paren;
import io.alloyfleet.alloy.Syntax.Statement;
import io.alloyfleet.alloy.Token;
import io.alloyfleet.alloy.TokenCursor;
import io.alloyfleet.check.ArgumentRoles.Role;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.policy.AlloyPolicy;
import io.alloyfleet.fleet.policy.Hosts;
import io.alloyfleet.fleet.policy.Policy.Rule;
import io.alloyfleet.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What a cluster's policy refuses in the Alloy its team wrote (customConfig and *.alloy; the
 * generated part is Alloy Fleet's own). An allow-list: every argument that the component reference
 * says names a destination ({@link ArgumentRoles}) must reach an allowed host, every argument that
 * names a local file must name a readable path, whatever the component; the content of {@code
 * import.string} is checked as team text; modules the policy cannot read are refused; {@code
 * sys.env} is called with a literal name or not at all; and team pipelines send through the fleet's
 * identity stamping ({@link Pipeline}), never straight into what follows it.
 */
final class AlloyPolicyChecker {

  /**
   * The variable the Deployment fills with the agent's bearer token (see deployment.yaml and
   * config.alloy).
   */
  static final String TOKEN_VARIABLE = "ALLOY_FLEET_TOKEN";

  /** Modules whose text the policy never sees. */
  private static final Set<String> UNREADABLE_MODULES =
      Set.of("import.file", "import.git", "import.http");

  /** How many {@code import.string} may nest in one another's content. */
  private static final int MAX_IMPORT_DEPTH = 4;

  private final AlloyPolicy policy;
  private final IntPredicate teamWritten;
  private final Pipeline pipeline;
  private final ComponentCatalog catalog = ComponentCatalog.get();
  private final List<Problem> errors;
  private final int imports;

  private AlloyPolicyChecker(
      AlloyPolicy policy,
      IntPredicate teamWritten,
      Pipeline pipeline,
      List<Problem> errors,
      int imports) {
    this.policy = policy;
    this.teamWritten = teamWritten;
    this.pipeline = pipeline;
    this.errors = errors;
    this.imports = imports;
  }

  /**
   * The policy's refusals in {@code body}, for the blocks that start on a line {@code teamWritten}
   * accepts.
   */
  static List<Problem> check(Body body, AlloyPolicy policy, IntPredicate teamWritten) {
    List<Problem> errors = new ArrayList<>();
    new AlloyPolicyChecker(policy, teamWritten, Pipeline.of(body, teamWritten), errors, 0)
        .components(body);
    return errors;
  }

  /** A body of components: the file's, or a {@code declare}'s. */
  private void components(Body body) {
    for (Statement statement : body.statements()) {
      switch (statement) {
        case Block block when teamWritten.test(block.line()) -> component(block);
        case Block block -> {}
        case Attribute attribute -> {
          if (teamWritten.test(attribute.line())) {
            expression(attribute.value(), false, attribute);
          }
        }
      }
    }
  }

  private void component(Block block) {
    String name = block.fullName();
    policy.deniedComponents().stream()
        .filter(rule -> denies(rule.value(), name))
        .findFirst()
        .ifPresent(
            rule ->
                error(
                    block.line(),
                    block.column(),
                    "component " + Text.quote(name) + " is denied " + rule.cite()));
    if (UNREADABLE_MODULES.contains(name)) {
      error(
          block.line(),
          block.column(),
          name
              + " loads Alloy that the policy cannot check: write the module in the cluster's"
              + " directory, or inline it with import.string");
    }
    if (name.equals("declare")) {
      components(block.body());
      return;
    }
    if (name.equals("import.string")) {
      importString(block);
    }
    Shape shape = catalog.component(name).map(ComponentCatalog.Component::shape).orElse(null);
    arguments(name, "", shape, block.body());
  }

  private static boolean denies(String pattern, String component) {
    return pattern.endsWith(".*")
        ? component.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(component);
  }

  /** The arguments and blocks of a component, each argument checked by its role. */
  private void arguments(String component, String path, Shape shape, Body body) {
    for (Statement statement : body.statements()) {
      switch (statement) {
        case Attribute attribute -> {
          ComponentCatalog.Arg arg = shape == null ? null : shape.args().get(attribute.name());
          Role role =
              arg == null
                  ? Role.NONE
                  : ArgumentRoles.of(component, path, attribute.name(), arg.type());
          switch (role) {
            case DESTINATION -> destination(attribute.name(), attribute.value(), attribute);
            case LOCAL_FILE -> localFile(attribute.name(), attribute.value(), attribute);
            case NONE -> {}
          }
          expression(attribute.value(), false, attribute);
        }
        case Block block -> {
          relabelRule(block);
          String inner = path.isEmpty() ? block.fullName() : path + " > " + block.fullName();
          arguments(
              component,
              inner,
              shape == null ? null : shape.blocks().get(block.fullName()),
              block.body());
        }
      }
    }
  }

  /**
   * A relabel rule that sets {@code __address__} or {@code __path__} from a literal names a
   * destination or a file as surely as an argument does.
   */
  private void relabelRule(Block block) {
    Optional<String> label = literalAttribute(block.body(), "target_label");
    Optional<Attribute> replacement =
        block.body().statements().stream()
            .filter(s -> s instanceof Attribute a && a.name().equals("replacement"))
            .map(Attribute.class::cast)
            .findFirst();
    if (replacement.isEmpty()) {
      return;
    }
    if (label.isEmpty()) {
      block.body().statements().stream()
          .filter(s -> s instanceof Attribute a && a.name().equals("target_label"))
          .findFirst()
          .ifPresent(
              computed ->
                  error(
                      computed.line(),
                      computed.column(),
                      "target_label must be a literal string when the rule sets a replacement: the"
                          + " policy must see whether it writes __address__ or __path__"));
      return;
    }
    if (replacement.get().value() instanceof Literal literal
        && literal.kind() == Token.Kind.STRING
        && TokenCursor.unquote(literal.text()).contains("$")) {
      // Built from the source labels at run time ("$1:$2"): the policy cannot see it.
      return;
    }
    switch (label.get()) {
      case "__address__" ->
          destination("replacement", replacement.get().value(), replacement.get());
      case "__path__" -> localFile("replacement", replacement.get().value(), replacement.get());
      default -> {}
    }
  }

  private static Optional<String> literalAttribute(Body body, String name) {
    return body.statements().stream()
        .filter(
            s ->
                s instanceof Attribute a
                    && a.name().equals(name)
                    && a.value() instanceof Literal l
                    && l.kind() == Token.Kind.STRING)
        .map(s -> TokenCursor.unquote(((Literal) ((Attribute) s).value()).text()))
        .findFirst();
  }

  private void destination(String name, Expr value, Statement at) {
    List<String> literals = new ArrayList<>();
    if (!literalStrings(value, literals)) {
      if (policy.explicitHosts()) {
        error(
            at.line(),
            at.column(),
            name
                + " must be a literal string: the policy allows only "
                + hosts()
                + " "
                + policy.allowedHosts().get(0).cite());
      }
      return;
    }
    for (String endpoint : literals) {
      List<String> reached = Hosts.reached(endpoint);
      Optional<String> refused =
          reached.isEmpty()
              ? Optional.of("no host Go would read")
              : reached.stream().filter(h -> !allowed(h)).findFirst();
      if (refused.isPresent()) {
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
            at.line(),
            at.column(),
            name
                + " "
                + Text.quote(Hosts.withoutUserinfo(endpoint))
                + " targets a host the policy does not allow ("
                + refused.get()
                + "); "
                + where);
      }
    }
  }

  private boolean allowed(String host) {
    return policy.allowedHosts().stream().anyMatch(rule -> Hosts.matches(rule.value(), host));
  }

  private void localFile(String name, Expr value, Statement at) {
    List<String> literals = new ArrayList<>();
    String readable =
        String.join(", ", policy.readablePaths().stream().map(Rule::value).toList())
            + (policy.readablePaths().isEmpty() ? "" : " " + policy.readablePaths().get(0).cite());
    if (!literalStrings(value, literals)) {
      error(
          at.line(),
          at.column(),
          name + " must be a literal path: the policy lets team Alloy read only " + readable);
      return;
    }
    for (String path : literals) {
      if (!policy.readable(path)) {
        error(
            at.line(),
            at.column(),
            name
                + " "
                + Text.quote(path)
                + " is not a path the policy lets team Alloy read; readable: "
                + (readable.isEmpty() ? "none" : readable));
      }
    }
  }

  /** {@code import.string}: its content is team text, checked the same way, and literal. */
  private void importString(Block block) {
    Optional<Attribute> content =
        block.body().statements().stream()
            .filter(s -> s instanceof Attribute a && a.name().equals("content"))
            .map(Attribute.class::cast)
            .findFirst();
    if (content.isEmpty()) {
      return;
    }
    Attribute at = content.get();
    if (!(at.value() instanceof Literal literal && literal.kind() == Token.Kind.STRING)) {
      error(
          at.line(),
          at.column(),
          "import.string content must be a literal string: the policy checks a module's text");
      return;
    }
    if (imports >= MAX_IMPORT_DEPTH) {
      error(at.line(), at.column(), "import.string nested more than " + MAX_IMPORT_DEPTH + " deep");
      return;
    }
    Parser.Result parsed = Parser.parse(TokenCursor.unquote(literal.text()));
    List<Problem> inner = new ArrayList<>(parsed.errors());
    if (inner.isEmpty()) {
      new AlloyPolicyChecker(policy, line -> true, pipeline, inner, imports + 1)
          .components(parsed.body());
    }
    for (Problem e : inner) {
      error(
          at.line(),
          at.column(),
          "import.string content, line " + e.line() + ":" + e.column() + ": " + e.message());
    }
  }

  private String hosts() {
    return String.join(", ", policy.allowedHosts().stream().map(Rule::value).toList());
  }

  /**
   * Collects the string literals of a literal string or list of them; false when anything else is
   * there.
   */
  private static boolean literalStrings(Expr expr, List<String> out) {
    return switch (expr) {
      case Literal literal when literal.kind() == Token.Kind.STRING ->
          out.add(TokenCursor.unquote(literal.text()));
      case ArrayExpr array -> array.items().stream().allMatch(item -> literalStrings(item, out));
      case Paren paren -> literalStrings(paren.inner(), out);
      default -> false;
    };
  }

  /**
   * Every expression: {@code sys.env} only called, with a literal name that is not the agent's
   * token; literal targets' {@code __address__} and {@code __path__}; and references into the
   * fleet's pipeline past its identity stamping. {@code called} is true for a call's function;
   * {@code at} is the attribute the expression is the value of, where a literal's problem is shown.
   */
  private void expression(Expr expr, boolean called, Attribute at) {
    Optional<Position> env = environmentFunction(expr);
    if (env.isPresent() && !called) {
      error(
          env.get().line(),
          env.get().column(),
          "sys.env may only be called with a literal name, never passed as a value");
    }
    switch (expr) {
      case Call call -> {
        environmentFunction(call.function()).ifPresent(where -> environmentCall(call, where));
        expression(call.function(), true, at);
        call.args().forEach(a -> expression(a, false, at));
      }
      case Access access -> {
        Optional<String> name = Pipeline.name(access);
        if (name.isPresent()) {
          Ident root = Pipeline.root(access);
          pipeline
              .skipsStamping(name.get())
              .ifPresent(message -> error(root.line(), root.column(), message));
        } else if (env.isEmpty()) {
          expression(access.target(), false, at);
        }
      }
      case ObjectExpr object -> {
        for (Field field : object.fields()) {
          if (field.key().equals("__address__")) {
            destination(field.key(), field.value(), at);
          } else if (field.key().equals("__path__")) {
            localFile(field.key(), field.value(), at);
          }
          expression(field.value(), false, at);
        }
      }
      case Ident ident when ident.name().equals("sys") ->
          // sys.env is handled above; sys itself (sys["env"], or passed on) would reach it unseen.
          error(
              ident.line(),
              ident.column(),
              "sys may only be used as sys.env(\"NAME\") with a literal name, never as a value");
      case Ident ident -> {}
      default -> Syntax.children(expr).forEach(c -> expression(c, false, at));
    }
  }

  private void environmentCall(Call call, Position at) {
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

  record Position(int line, int column) {}

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
    errors.add(AlloyError.at(line, column, message));
  }
}
