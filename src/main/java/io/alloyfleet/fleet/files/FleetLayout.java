package io.alloyfleet.fleet.files;

/** The fixed names of a fleet repository's layout. */
public final class FleetLayout {
  public static final String FLEET_FILE = "fleet.yaml";
  public static final String ENVIRONMENTS = "environments";
  public static final String CLUSTERS = "clusters";

  private FleetLayout() {}
}
