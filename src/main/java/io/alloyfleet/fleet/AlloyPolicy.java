package io.alloyfleet.fleet;

import io.alloyfleet.fleet.Policy.Rule;
import java.util.List;

/**
 * What a cluster's own Alloy text (customConfig, clusters/&lt;id&gt;/*.alloy) may use and reach,
 * resolved for that cluster: the components its policy denies, and the hosts that components
 * sending data may target, either the policy's ({@code explicitHosts}) or, without one, the hosts
 * of the cluster's {@code endpoints.*}.
 */
public record AlloyPolicy(
    List<Rule> deniedComponents, List<Rule> allowedHosts, boolean explicitHosts) {

  public AlloyPolicy {
    deniedComponents = List.copyOf(deniedComponents);
    allowedHosts = List.copyOf(allowedHosts);
  }
}
