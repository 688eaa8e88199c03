package io.alloyfleet.fleet;

import io.alloyfleet.diagnostics.Location;
import io.alloyfleet.diagnostics.Problem;
import io.alloyfleet.fleet.files.FleetLayout;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A fault of the controller (a bug, a recursion too deep) met while handling one cluster: it
 * becomes that cluster's located problem, so one cluster's input never stops the others. The
 * problem names the fault's type, never its message: a message may quote a value, and a value may
 * be a secret.
 */
public final class Fault {

  private Fault() {}

  /**
   * True for a fault one cluster can be charged with. Out of memory is not: the whole process is
   * short, and it must fail loudly rather than blame a cluster.
   */
  public static boolean containable(Throwable fault) {
    return !(fault instanceof OutOfMemoryError);
  }

  /** Rethrows what cannot be contained; returns the cluster's problem for the rest. */
  public static Problem problem(String clusterId, String stage, Throwable fault) {
    if (!containable(fault)) {
      throw (Error) fault;
    }
    return Problem.of(
        Location.of(FleetLayout.CLUSTERS + "/" + clusterId + "/cluster.yaml"),
        "",
        "internal error while " + stage + " the cluster: " + describe(fault),
        fault instanceof StackOverflowError
            ? "an expression or a structure nests too deeply: make it flatter"
            : "report this to the platform team; the cluster keeps its last good render");
  }

  /** The fault's type, and for a stack overflow what that means; never its message. */
  public static String describe(Throwable fault) {
    return fault instanceof StackOverflowError
        ? "StackOverflowError (the input nests too deeply)"
        : fault.getClass().getName();
  }

  /** The type and the first frames of a fault, for a log line: no message, so no value. */
  public static String trace(Throwable fault) {
    return describe(fault)
        + Arrays.stream(fault.getStackTrace())
            .limit(8)
            .map(frame -> "\n\tat " + frame)
            .collect(Collectors.joining());
  }
}
