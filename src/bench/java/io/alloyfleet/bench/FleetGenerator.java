package io.alloyfleet.bench;

import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Realistic synthetic fleets, deterministic for a seed: three environments and the example's mix of
 * application-team (namespace scope), platform (cluster scope, infrastructure, HPA) and development
 * clusters, varied namespaces and regions, some with customConfig.
 */
public final class FleetGenerator {

  private static final String[] ENVIRONMENTS = {"development", "staging", "production"};
  private static final String[] REGIONS = {
    "westeurope", "northeurope", "eastus", "westus2", "southeastasia", "uksouth", "japaneast"
  };
  private static final String[] TEAMS = {
    "payments",
    "checkout",
    "search",
    "ingest",
    "identity",
    "catalog",
    "billing",
    "ml",
    "edge",
    "media",
    "ads"
  };

  private FleetGenerator() {}

  /** The fleet's files by path relative to its root. */
  /** One cluster in this many is labelled ring=canary, and the canary group matches them. */
  static final int CANARY_EVERY = 100;

  static final String CANARY_GROUP = "groups/canary.yaml";

  /** The canary group: every cluster labelled ring=canary logs from {@code minLevel} up. */
  static String canaryGroup(String minLevel) {
    return "selector:\n  matchLabels: {ring: canary}\nvalues:\n  logging:\n    minLevel: "
        + minLevel
        + "\n";
  }

  public static SortedMap<String, String> generate(int clusters, long seed) {
    Random random = new Random(seed);
    SortedMap<String, String> files = new TreeMap<>();
    files.put(
        "fleet.yaml",
        """
        endpoints:
          otlp:
            url: https://otlp.observability.example.com:4317
        deployment:
          image: docker.io/grafana/alloy:v1.18.0
        rbac:
          excludeResources: [secrets]
        """);
    files.put("environments/development.yaml", "logging:\n  minLevel: debug\n");
    files.put("environments/staging.yaml", "metrics:\n  scrapeInterval: 30s\n");
    files.put(
        "environments/production.yaml",
        """
        auth:
          enabled: true
          tokenSecretRef:
            name: alloy-central-token
        deployment:
          replicas: 2
        networkPolicy:
          enabled: true
        """);
    for (int i = 0; i < clusters; i++) {
      String team = TEAMS[random.nextInt(TEAMS.length)];
      String env = ENVIRONMENTS[i % ENVIRONMENTS.length];
      String id = String.format("%s-%s-%05d", team, env.substring(0, 4), i);
      StringBuilder yaml =
          new StringBuilder()
              .append("cluster:\n  environment: ")
              .append(env)
              .append("\n  region: ")
              .append(REGIONS[random.nextInt(REGIONS.length)])
              .append(i % CANARY_EVERY == 0 ? "\n  labels: {ring: canary}\n" : "\n")
              .append("tenant:\n  id: team-")
              .append(team)
              .append('\n');
      switch (random.nextInt(10)) {
        case 0, 1 ->
            yaml.append(
                """
            monitoring:
              applicationOnly: false
            rbac:
              scope: cluster
            hpa:
              enabled: true
              minReplicas: 2
              maxReplicas: 6
              targetCPUUtilizationPercentage: 70
            """);
        default -> {
          yaml.append("monitoring:\n  namespaces:\n");
          int namespaces = 1 + random.nextInt(4);
          for (int n = 0; n < namespaces; n++) {
            yaml.append("    - ")
                .append(team)
                .append('-')
                .append(n == 0 ? "app" : "svc" + n)
                .append('\n');
          }
        }
      }
      if (random.nextInt(5) == 0) {
        yaml.append(
            "customConfig: |\n  prometheus.exporter.unix \"node\" { }\n  prometheus.scrape \"node\" {\n"
                + "    targets    = prometheus.exporter.unix.node.targets\n    forward_to = [otelcol.receiver.prometheus.default.receiver]\n  }\n");
      }
      files.put("clusters/" + id + "/cluster.yaml", yaml.toString());
    }
    files.put(CANARY_GROUP, canaryGroup("info"));
    return files;
  }
}
