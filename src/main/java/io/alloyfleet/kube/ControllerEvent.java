package io.alloyfleet.kube;

/**
 * One Kubernetes Event to write: what it is about, whether it warns, its reason (CamelCase, e.g.
 * {@code RolloutHalted}), the action taken (e.g. {@code Halt}) and a note for people.
 */
public record ControllerEvent(
    Regarding regarding, boolean warning, String reason, String action, String note) {

  /** What an Event is about. */
  public sealed interface Regarding {}

  /** The controller itself (its Pod): rollouts, syncs. */
  public record Controller() implements Regarding {}

  /**
   * A cluster: its Argo CD Application when that integration is on and one syncs it ({@code branch}
   * of {@code destinationUrl}), else the controller's Pod.
   */
  public record Cluster(String id, String branch, String destinationUrl) implements Regarding {}

  public static final Regarding CONTROLLER = new Controller();
}
