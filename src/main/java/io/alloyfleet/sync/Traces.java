package io.alloyfleet.sync;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.util.List;
import org.jboss.logging.MDC;

/**
 * Traces of syncs and previews (OpenTelemetry): each is one trace, its stages spans, and while it
 * runs its log lines carry its trace id ({@code %X{traceId}}). Until the service installs the
 * tracer (never in the CLI), and with the SDK off (no OTLP endpoint), every call is a no-op.
 */
public final class Traces {

  static final String NAME = "alloy-fleet";

  private static volatile Tracer tracer = OpenTelemetry.noop().getTracer(NAME);

  private Traces() {}

  /** Work in a span that may throw one checked exception. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** A span while it is open; closing it ends it. */
  public static final class Stage implements AutoCloseable {
    private final Span span;
    private final Scope scope;
    private final boolean root;

    private Stage(Span span, boolean root) {
      this.span = span;
      this.scope = span.makeCurrent();
      this.root = root;
      if (root && span.getSpanContext().isValid()) {
        MDC.put("traceId", span.getSpanContext().getTraceId());
      }
    }

    public Stage set(String key, String value) {
      span.setAttribute(key, value);
      return this;
    }

    public Stage set(String key, long value) {
      span.setAttribute(key, value);
      return this;
    }

    public Stage set(String key, List<String> values) {
      span.setAttribute(AttributeKey.stringArrayKey(key), values);
      return this;
    }

    /** Marks the span failed, with why. */
    public Stage failed(String why) {
      span.setStatus(StatusCode.ERROR, why);
      return this;
    }

    @Override
    public void close() {
      scope.close();
      span.end();
      if (root) {
        MDC.remove("traceId");
      }
    }
  }

  /** A new trace: a sync or a preview. */
  public static Stage trace(String name) {
    return new Stage(tracer.spanBuilder(name).setNoParent().startSpan(), true);
  }

  /** A stage of the current trace. */
  public static Stage stage(String name) {
    return new Stage(tracer.spanBuilder(name).startSpan(), false);
  }

  /** {@code work} in a stage of the current trace; a failure marks the stage failed. */
  public static <T, E extends Exception> T stage(String name, Work<T, E> work) throws E {
    try (Stage stage = stage(name)) {
      try {
        return work.run();
      } catch (Exception e) {
        stage.span.recordException(e);
        stage.failed(e.getClass().getSimpleName());
        throw e;
      }
    }
  }

  /**
   * Installs the service's tracer at start, before any other observer of the start (the loop's
   * first sync among them) can open a span; the CLI (controller off) never touches OpenTelemetry.
   */
  @ApplicationScoped
  static class Installer {
    void start(
        @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
        FleetSettings settings,
        Instance<OpenTelemetry> telemetry) {
      if (settings.controllerEnabled() && telemetry.isResolvable()) {
        tracer = telemetry.get().getTracer(NAME);
      }
    }
  }
}
