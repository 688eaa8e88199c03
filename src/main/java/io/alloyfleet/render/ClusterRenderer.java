package io.alloyfleet.render;

import io.alloyfleet.fleet.ClusterSpec;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A cluster → the files of its Grafana Alloy edge agent: config.alloy and its manifests. */
@ApplicationScoped
public class ClusterRenderer {

  public static final String CONFIG_FILE = "config.alloy";
  public static final String KUSTOMIZATION = "kustomization.yaml";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance config(AgentPlan plan);

    static native TemplateInstance serviceaccount(AgentPlan plan);

    static native TemplateInstance rbac(AgentPlan plan);

    static native TemplateInstance configmap(AgentPlan plan, String configMapName, String indentedConfig);

    static native TemplateInstance deployment(AgentPlan plan, String configHash, String configMapName);

    static native TemplateInstance service(AgentPlan plan);

    static native TemplateInstance hpa(AgentPlan plan);

    static native TemplateInstance pdb(AgentPlan plan);

    static native TemplateInstance ingress(AgentPlan plan);

    static native TemplateInstance networkpolicy(AgentPlan plan);

    static native TemplateInstance kustomization(List<String> resources);
  }

  public RenderedCluster render(ClusterSpec spec) {
    AgentPlan plan = AgentPlanner.plan(spec);
    // One final newline, so the ConfigMap's literal block holds exactly these bytes.
    String config = Templates.config(plan).render().stripTrailing() + "\n";
    String configHash = sha256(config);
    String configMapName = plan.agent().name() + "-config";
    Map<String, String> manifests = new TreeMap<>();
    if (plan.serviceAccount().create()) {
      manifests.put("serviceaccount.yaml", Templates.serviceaccount(plan).render());
    }
    manifests.put("rbac.yaml", Templates.rbac(plan).render());
    manifests.put("configmap.yaml", Templates.configmap(plan, configMapName, indent(config, 4)).render());
    manifests.put("deployment.yaml", Templates.deployment(plan, "sha256:" + configHash, configMapName).render());
    manifests.put("service.yaml", Templates.service(plan).render());
    if (plan.autoscaling() != null) {
      manifests.put("hpa.yaml", Templates.hpa(plan).render());
    }
    if (plan.workload().disruptionBudget()) {
      manifests.put("pdb.yaml", Templates.pdb(plan).render());
    }
    if (plan.ingress() != null) {
      manifests.put("ingress.yaml", Templates.ingress(plan).render());
    }
    if (plan.networkPolicy() != null) {
      manifests.put("networkpolicy.yaml", Templates.networkpolicy(plan).render());
    }
    TreeMap<String, String> files = new TreeMap<>(manifests);
    files.put(KUSTOMIZATION, Templates.kustomization(new ArrayList<>(manifests.keySet())).render());
    files.put(CONFIG_FILE, config);
    return new RenderedCluster(spec.id(), spec.environment(), files, configHash);
  }

  /** Text for a YAML literal block scalar: every non-empty line indented. */
  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    StringBuilder out = new StringBuilder();
    text.lines().forEach(line -> out.append(line.isEmpty() ? "" : pad + line).append('\n'));
    return out.toString().stripTrailing();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
