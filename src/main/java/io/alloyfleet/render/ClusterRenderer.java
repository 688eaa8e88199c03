package io.alloyfleet.render;

import io.alloyfleet.fleet.ClusterSpec;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

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

    static native TemplateInstance configmap(
        AgentPlan plan, String configMapName, String configValue);

    static native TemplateInstance deployment(
        AgentPlan plan, String configHash, String configMapName);

    static native TemplateInstance service(AgentPlan plan);

    static native TemplateInstance hpa(AgentPlan plan);

    static native TemplateInstance pdb(AgentPlan plan);

    static native TemplateInstance ingress(AgentPlan plan);

    static native TemplateInstance networkpolicy(AgentPlan plan);

    static native TemplateInstance kustomization(List<String> resources);
  }

  public RenderedCluster render(ClusterSpec spec) {
    AgentPlan plan = AgentPlanner.plan(spec);
    // One final newline, so the ConfigMap holds exactly these bytes.
    String config = Templates.config(plan).render().stripTrailing() + "\n";
    String configHash = sha256(config);
    String configMapName = plan.agent().name() + "-config";
    String name = plan.agent().name();
    String namespace = plan.agent().namespace();
    Map<String, String> manifests = new TreeMap<>();
    TreeMap<String, List<ManifestObject>> planned = new TreeMap<>();
    if (plan.serviceAccount().create()) {
      manifests.put("serviceaccount.yaml", Templates.serviceaccount(plan).render());
      planned.put(
          "serviceaccount.yaml",
          List.of(
              ManifestObject.namespaced(
                  "ServiceAccount", plan.serviceAccount().name(), namespace)));
    }
    manifests.put("rbac.yaml", Templates.rbac(plan).render());
    planned.put("rbac.yaml", rbacObjects(plan));
    manifests.put(
        "configmap.yaml",
        Templates.configmap(plan, configMapName, configMapValue(config)).render());
    planned.put(
        "configmap.yaml",
        List.of(ManifestObject.namespaced("ConfigMap", configMapName, namespace)));
    manifests.put(
        "deployment.yaml",
        Templates.deployment(plan, "sha256:" + configHash, configMapName).render());
    planned.put(
        "deployment.yaml", List.of(ManifestObject.namespaced("Deployment", name, namespace)));
    manifests.put("service.yaml", Templates.service(plan).render());
    List<ManifestObject> services =
        new ArrayList<>(List.of(ManifestObject.namespaced("Service", name, namespace)));
    if (plan.service().headlessName() != null) {
      services.add(ManifestObject.namespaced("Service", plan.service().headlessName(), namespace));
    }
    planned.put("service.yaml", services);
    if (plan.autoscaling() != null) {
      manifests.put("hpa.yaml", Templates.hpa(plan).render());
      planned.put(
          "hpa.yaml",
          List.of(ManifestObject.namespaced("HorizontalPodAutoscaler", name, namespace)));
    }
    if (plan.workload().disruptionBudget()) {
      manifests.put("pdb.yaml", Templates.pdb(plan).render());
      planned.put(
          "pdb.yaml", List.of(ManifestObject.namespaced("PodDisruptionBudget", name, namespace)));
    }
    if (plan.ingress() != null) {
      manifests.put("ingress.yaml", Templates.ingress(plan).render());
      planned.put("ingress.yaml", List.of(ManifestObject.namespaced("Ingress", name, namespace)));
    }
    if (plan.networkPolicy() != null) {
      manifests.put("networkpolicy.yaml", Templates.networkpolicy(plan).render());
      planned.put(
          "networkpolicy.yaml",
          List.of(ManifestObject.namespaced("NetworkPolicy", name, namespace)));
    }
    TreeMap<String, String> files = new TreeMap<>(manifests);
    files.put(KUSTOMIZATION, Templates.kustomization(new ArrayList<>(manifests.keySet())).render());
    files.put(CONFIG_FILE, config);
    return new RenderedCluster(spec.id(), spec.environment(), files, configHash, planned);
  }

  private static List<ManifestObject> rbacObjects(AgentPlan plan) {
    String name = plan.agent().name();
    if (plan.rbac().clusterScoped()) {
      return List.of(
          ManifestObject.clusterScoped("ClusterRole", name),
          ManifestObject.clusterScoped("ClusterRoleBinding", name));
    }
    List<ManifestObject> objects = new ArrayList<>();
    for (String namespace : plan.rbac().namespaces()) {
      objects.add(ManifestObject.namespaced("Role", name, namespace));
      objects.add(ManifestObject.namespaced("RoleBinding", name, namespace));
    }
    return objects;
  }

  /**
   * config.alloy as the ConfigMap's value: a literal block, readable in a diff, when every
   * character stands for itself there; otherwise a double-quoted scalar with escapes. YAML breaks
   * lines at U+0085, U+2028 and U+2029 too, and a literal block would carry them as line breaks:
   * text written after one could then start a new YAML document.
   */
  static String configMapValue(String config) {
    if (config.codePoints().allMatch(ClusterRenderer::literal)) {
      return "|\n" + indent(config, 4);
    }
    return Escape.yaml(config);
  }

  private static boolean literal(int c) {
    return c == '\n'
        || c == '\t'
        || (c >= 0x20 && c < 0x7f)
        || (c >= 0xa0 && c <= 0xd7ff && c != 0x2028 && c != 0x2029)
        || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff)
        || c > 0xffff;
  }

  /** Text for a YAML literal block scalar: every non-empty line indented. */
  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    StringBuilder out = new StringBuilder();
    text.lines().forEach(line -> out.append(line.isEmpty() ? "" : pad + line).append('\n'));
    return out.toString().stripTrailing();
  }

  static String sha256(String text) {
    return DigestUtils.sha256Hex(text);
  }
}
