package io.alloyfleet.kube;

import io.alloyfleet.text.Text;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Writes {@code events.k8s.io/v1} Events as a controller does: in the controller's namespace,
 * reported by {@code alloy-fleet} from its Pod; the same Event again within {@link #SERIES} is
 * counted on the first one ({@code series}, a patch) instead of written anew. Needs only {@code
 * create} and {@code patch} on events. Never throws: an Event that cannot be written is logged and
 * reported as not written.
 */
@ApplicationScoped
public class KubernetesEvents {

  public static final String REPORTING_CONTROLLER = "alloy-fleet";

  /** How long a repeated Event is counted on the first one. */
  static final Duration SERIES = Duration.ofMinutes(30);

  private static final Logger LOG = Logger.getLogger(KubernetesEvents.class);
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final EventSettings settings;
  private final Instance<KubernetesClient> kubernetes;
  private final ArgoApplications argo;
  private final Clock clock;

  /** The Events written lately, by what they say: a repeat is counted on the first. */
  private final Map<String, Series> recent = new ConcurrentHashMap<>();

  private record Series(String name, Instant first, int count) {}

  @jakarta.inject.Inject
  public KubernetesEvents(
      EventSettings settings, Instance<KubernetesClient> kubernetes, ArgoApplications argo) {
    this(settings, kubernetes, argo, Clock.systemUTC());
  }

  KubernetesEvents(
      EventSettings settings,
      Instance<KubernetesClient> kubernetes,
      ArgoApplications argo,
      Clock clock) {
    this.settings = settings;
    this.kubernetes = kubernetes;
    this.argo = argo;
    this.clock = clock;
  }

  /** Events are written only where the controller knows its namespace and Pod. */
  public boolean enabled() {
    return settings.namespace().isPresent() && settings.podName().isPresent();
  }

  /** Whether a cluster's Event may be about its Argo CD Application (the integration is on). */
  public boolean aboutApplications() {
    return argo.enabled();
  }

  /** Writes the Event (or counts it on the same one written lately); false when it could not. */
  public boolean post(ControllerEvent event) {
    if (!enabled()) {
      return false;
    }
    try {
      write(event);
      return true;
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "Cannot write the Kubernetes Event %s (syncing goes on): %s",
          event.reason(), Text.printable(String.valueOf(e.getMessage())));
      return false;
    }
  }

  private void write(ControllerEvent event) {
    String namespace = settings.namespace().orElseThrow();
    ObjectReference regarding = regarding(event.regarding());
    String note = note(event.note());
    String key =
        regarding.getKind() + "/" + regarding.getName() + "|" + event.reason() + "|" + note;
    Instant now = clock.instant();
    recent.values().removeIf(s -> s.first().plus(SERIES).isBefore(now));
    Series seen = recent.get(key);
    var events = kubernetes.get().events().v1().events().inNamespace(namespace);
    if (seen != null) {
      Series next = new Series(seen.name(), seen.first(), seen.count() + 1);
      try {
        events
            .withName(seen.name())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"series\":{\"count\":"
                    + next.count()
                    + ",\"lastObservedTime\":\""
                    + MICRO_TIME.format(now)
                    + "\"}}");
        recent.put(key, next);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        recent.remove(key); // the first one is gone (expired): write it anew
      }
    }
    String name =
        regarding.getName()
            + "."
            + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    Event written =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withRegarding(regarding)
            .withType(event.warning() ? "Warning" : "Normal")
            .withReason(event.reason())
            .withAction(event.action())
            .withNote(note)
            .withEventTime(new MicroTime(MICRO_TIME.format(now)))
            .withReportingController(REPORTING_CONTROLLER)
            .withReportingInstance(
                cut(REPORTING_CONTROLLER + "-" + settings.podName().orElseThrow(), 128))
            .build();
    events.resource(written).create();
    recent.put(key, new Series(name, now, 1));
  }

  /** The Argo CD Application a cluster's Event is about, when there is one; else the Pod. */
  private ObjectReference regarding(ControllerEvent.Regarding regarding) {
    if (regarding instanceof ControllerEvent.Cluster cluster && argo.enabled()) {
      Optional<GenericKubernetesResource> app =
          argo
              .applications(cluster.destinationUrl())
              .matching(cluster.id(), cluster.branch())
              .stream()
              .findFirst();
      if (app.isPresent()) {
        return new ObjectReferenceBuilder()
            .withApiVersion("argoproj.io/v1alpha1")
            .withKind("Application")
            .withName(app.get().getMetadata().getName())
            .withNamespace(app.get().getMetadata().getNamespace())
            .withUid(app.get().getMetadata().getUid())
            .build();
      }
    }
    return new ObjectReferenceBuilder()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(settings.podName().orElseThrow())
        .withNamespace(settings.namespace().orElseThrow())
        .withUid(settings.podUid().orElse(null))
        .build();
  }

  /** A note as Kubernetes takes it: printable, at most 1 kB. */
  private static String note(String text) {
    String printable = Text.printable(text);
    byte[] bytes = printable.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= 1024) {
      return printable;
    }
    return new String(bytes, 0, 1020, StandardCharsets.UTF_8).replaceAll("\uFFFD+$", "") + "…";
  }

  private static String cut(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length);
  }
}
