package io.switchboard.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.ops.ConfigLoader;
import io.switchboard.ops.SwitchboardConfig;
import io.switchboard.testing.DockerImage;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests of {@code k8s/} agree with each other and with the node: names, ports,
 * probes, selectors, the configuration file (loaded through the node's own loader) and the
 * kustomization. Parses files only: no cluster, no network.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "."));
  private static final Path K8S = ROOT.resolve("k8s");
  private static final String SECRET = "k8s-manifests-test-secret-0123456789abcdef";
  private static final String READY_PATH = "/health/ready";
  private static final String LIVE_PATH = "/health/live";

  private static Map<String, Object> kustomization;
  /** Every object of the kustomization's resources, by "Kind/name". */
  private static Map<String, Map<String, Object>> objects;
  private static Map<String, Object> statefulSet;
  private static Map<String, Object> podSpec;
  private static Map<String, Object> container;
  private static Path configFile;
  private static JsonObject config;

  @BeforeAll
  static void load() {
    kustomization = map(yaml(K8S.resolve("kustomization.yaml")));
    objects = new LinkedHashMap<>();
    for (String file : strings(kustomization.get("resources"))) {
      for (Object doc : yamlAll(K8S.resolve(file))) {
        if (doc == null) {
          continue;
        }
        Map<String, Object> object = map(doc);
        String key = object.get("kind") + "/" + map(object.get("metadata")).get("name");
        assertNull(objects.put(key, object), "declared twice: " + key);
      }
    }
    statefulSet = object("StatefulSet", "switchboard");
    podSpec = map(path(statefulSet, "spec", "template", "spec"));
    List<Object> containers = list(podSpec.get("containers"));
    assertEquals(1, containers.size(), "one container per pod");
    container = map(containers.get(0));

    Map<String, Object> generator = configMapGenerator("switchboard-config");
    List<String> files = strings(generator.get("files"));
    assertEquals(List.of("switchboard.yaml"), files, "the ConfigMap carries k8s/switchboard.yaml");
    configFile = K8S.resolve(files.get(0));
    config = ConfigLoader.load(configFile, Map.of("SWITCHBOARD_JWT_SECRET", SECRET), List.of());
  }

  // ---------------------------------------------------------------- the kustomization

  @Test
  void kustomizationListsEveryManifestAndNothingMissing() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.list(K8S)) {
      onDisk = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
          .filter(n -> !n.equals("kustomization.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    List<String> resources = strings(kustomization.get("resources"));
    List<String> generated = new ArrayList<>();
    for (Object g : list(kustomization.get("configMapGenerator"))) {
      generated.addAll(strings(map(g).get("files")));
    }
    Set<String> listed = new TreeSet<>(resources);
    listed.addAll(generated);
    assertEquals(resources.size() + generated.size(), listed.size(), "a file listed twice: " + resources + generated);
    assertEquals(onDisk, listed, "every YAML file in k8s/ is a resource or a generator input, and every listed file exists");
  }

  @Test
  void manifestsAreNamespaceAgnosticKubernetesObjects() {
    assertNull(kustomization.get("namespace"), "the base leaves the namespace to -n or an overlay");
    assertFalse(objects.isEmpty());
    objects.forEach((key, object) -> {
      assertNotNull(object.get("apiVersion"), key + ": apiVersion");
      Map<String, Object> metadata = map(object.get("metadata"));
      assertNull(metadata.get("namespace"), key + " must not pin a namespace");
    });
    assertEquals(Set.of("StatefulSet/switchboard", "Service/switchboard-hz", "Service/switchboard",
        "PodDisruptionBudget/switchboard", "NetworkPolicy/switchboard"), objects.keySet());
  }

  // ---------------------------------------------------------------- the configuration file

  @Test
  void configFileLoadsThroughTheNodesOwnLoader() {
    SwitchboardConfig parsed = SwitchboardConfig.fromJson(config);
    assertEquals("0.0.0.0", parsed.http().host());
    assertEquals("0.0.0.0", parsed.cluster().host());
    assertFalse(parsed.cluster().kubernetesServiceDns().isEmpty(), "cluster.kubernetesServiceDns is set");
    assertTrue(parsed.auth().hasKey(), "the secret comes from the environment");
  }

  @Test
  void configFileUsesOnlyOptionsOfConfSwitchboardYaml() {
    Map<String, Object> documented = map(yaml(ROOT.resolve("conf/switchboard.yaml")));
    Map<String, Object> ours = map(yaml(configFile));
    assertSameStructure("", documented, ours);
  }

  @Test
  void configWithThePodsEnvironmentLoads() {
    Map<String, String> env = new HashMap<>();
    for (Object e : list(container.get("env"))) {
      Map<String, Object> var = map(e);
      String name = (String) var.get("name");
      if (name.startsWith("SWITCHBOARD_")) {
        assertTrue(ConfigLoader.ENVIRONMENT.containsKey(name), name + " is not a variable the node reads");
        env.put(name, sampleValue(var));
      }
    }
    SwitchboardConfig parsed = SwitchboardConfig.fromJson(ConfigLoader.load(configFile, env, List.of()));
    assertEquals("10.244.1.17", parsed.cluster().host(), "cluster traffic on the pod's IP, not 0.0.0.0");
  }

  // ---------------------------------------------------------------- ports, probes, Services

  @Test
  void containerPortsAreTheConfiguredPorts() {
    Map<String, Integer> ports = containerPorts();
    assertEquals(config.getJsonObject("http").getInteger("port"), ports.get("http"));
    assertEquals(config.getJsonObject("cluster").getInteger("port"), ports.get("hazelcast"));
    assertEquals(config.getJsonObject("api").getInteger("port"), ports.get("api"));
    assertEquals(config.getJsonObject("cluster").getInteger("eventBusPort"), ports.get("eventbus"),
        "a fixed event-bus port, named, so that the NetworkPolicy admits it");
  }

  @Test
  void probesUseTheRealEndpointsOnANamedPort() throws IOException {
    String endpoints = Files.readString(ROOT.resolve("src/main/java/io/switchboard/ops/HttpEndpoints.java"));
    Map<String, String> expected = Map.of("readinessProbe", READY_PATH, "livenessProbe", LIVE_PATH,
        "startupProbe", LIVE_PATH);
    expected.forEach((probe, path) -> {
      Map<String, Object> get = map(path(container, probe, "httpGet"));
      assertEquals(path, get.get("path"), probe);
      assertTrue(endpoints.contains("case \"" + path + "\""), path + " is not a route of HttpEndpoints");
      assertEquals("http", get.get("port"), probe + " on the port named http");
      assertTrue(containerPorts().containsKey((String) get.get("port")), probe + ": no such container port");
    });
  }

  @Test
  void servicesTargetExistingPortsAndSelectThePods() {
    Map<String, Integer> ports = containerPorts();
    for (Map.Entry<String, Map<String, Object>> e : objects.entrySet()) {
      if (!e.getKey().startsWith("Service/")) {
        continue;
      }
      Map<String, Object> spec = map(e.getValue().get("spec"));
      assertSelects(e.getKey(), map(spec.get("selector")));
      for (Object p : list(spec.get("ports"))) {
        Object target = map(p).get("targetPort");
        assertTrue(target instanceof String ? ports.containsKey(target) : ports.containsValue(target),
            e.getKey() + ": targetPort " + target + " is not a container port");
      }
    }
  }

  @Test
  void clientServiceServesHttpOnPort80WithoutAffinity() {
    Map<String, Object> spec = map(object("Service", "switchboard").get("spec"));
    List<Object> ports = list(spec.get("ports"));
    assertEquals(1, ports.size());
    assertEquals(80, map(ports.get(0)).get("port"));
    assertEquals("http", map(ports.get(0)).get("targetPort"));
    assertTrue(spec.get("sessionAffinity") == null || "None".equals(spec.get("sessionAffinity")));
    assertFalse("None".equals(spec.get("clusterIP")));
  }

  @Test
  void headlessServiceIsTheDiscoveryNameAndTheGoverningService() {
    Map<String, Object> headless = object("Service", "switchboard-hz");
    Map<String, Object> spec = map(headless.get("spec"));
    assertEquals("None", spec.get("clusterIP"));
    assertEquals(Boolean.TRUE, spec.get("publishNotReadyAddresses"), "members find each other before ready");
    List<Object> ports = list(spec.get("ports"));
    assertEquals(1, ports.size());
    assertEquals(config.getJsonObject("cluster").getInteger("port"), map(ports.get(0)).get("port"));
    assertEquals("hazelcast", map(ports.get(0)).get("targetPort"));

    String name = (String) map(headless.get("metadata")).get("name");
    String dns = config.getJsonObject("cluster").getString("kubernetesServiceDns");
    // The short name (resolved in the pod's namespace by its DNS search path), or fully qualified.
    assertTrue(dns.equals(name) || dns.matches(Pattern.quote(name) + "\\.[a-z0-9-]+\\.svc(\\..+)?"),
        "cluster.kubernetesServiceDns '" + dns + "' does not name the Service " + name);
    assertEquals(name, path(statefulSet, "spec", "serviceName"));
  }

  // ---------------------------------------------------------------- the StatefulSet

  @Test
  void statefulSetAndPdbSelectThePods() {
    Map<String, Object> spec = map(statefulSet.get("spec"));
    assertEquals(3, spec.get("replicas"));
    assertSelects("StatefulSet", matchLabels(spec.get("selector")));
    Map<String, Object> pdb = map(object("PodDisruptionBudget", "switchboard").get("spec"));
    assertEquals(1, pdb.get("maxUnavailable"));
    assertSelects("PodDisruptionBudget", matchLabels(pdb.get("selector")));
  }

  @Test
  void jwtSecretComesFromTheDocumentedSecret() throws IOException {
    Map<String, Object> ref = null;
    for (Object e : list(container.get("env"))) {
      if ("SWITCHBOARD_JWT_SECRET".equals(map(e).get("name"))) {
        ref = map(path(map(e), "valueFrom", "secretKeyRef"));
      }
    }
    assertNotNull(ref, "SWITCHBOARD_JWT_SECRET from a Secret");
    assertEquals("switchboard-jwt", ref.get("name"));
    assertEquals("secret", ref.get("key"));
    assertTrue(ref.get("optional") == null || Boolean.FALSE.equals(ref.get("optional")),
        "no Secret must mean no pod, not a dev-mode node");
    objects.keySet().forEach(k -> assertFalse(k.startsWith("Secret/"), "applying must not overwrite the real Secret"));
    String readme = Files.readString(K8S.resolve("README.md"));
    assertTrue(readme.contains("kubectl create secret generic " + ref.get("name")), "README shows how to create it");
    assertTrue(readme.contains("--from-literal=" + ref.get("key") + "="), "README uses the key the pod reads");
  }

  @Test
  void configMapIsMountedAndPassedWithConfig() {
    Map<String, Object> volume = null;
    for (Object v : list(podSpec.get("volumes"))) {
      Map<String, Object> cm = map(v).get("configMap") == null ? null : map(map(v).get("configMap"));
      if (cm != null && "switchboard-config".equals(cm.get("name"))) {
        volume = map(v);
      }
    }
    assertNotNull(volume, "a volume from the ConfigMap switchboard-config");
    String mountPath = null;
    for (Object m : list(container.get("volumeMounts"))) {
      if (volume.get("name").equals(map(m).get("name"))) {
        mountPath = (String) map(m).get("mountPath");
      }
    }
    assertEquals("/etc/switchboard", mountPath);
    List<String> args = strings(container.get("args"));
    int at = args.indexOf("--config");
    assertTrue(at >= 0 && at + 1 < args.size(), "--config FILE in " + args);
    assertEquals(mountPath + "/" + configFile.getFileName(), args.get(at + 1));
  }

  @Test
  void clusterTrafficUsesThePodIp() {
    for (Object e : list(container.get("env"))) {
      if ("SWITCHBOARD_CLUSTER_HOST".equals(map(e).get("name"))) {
        assertEquals("status.podIP", path(map(e), "valueFrom", "fieldRef", "fieldPath"));
        return;
      }
    }
    fail("SWITCHBOARD_CLUSTER_HOST must be the pod's IP: the event bus advertises it to peers");
  }

  @Test
  void gracePeriodOutlastsThePreStopSleepAndTheDrain() {
    List<String> command = strings(path(container, "lifecycle", "preStop", "exec", "command"));
    assertEquals("sleep", command.get(0));
    int sleep = Integer.parseInt(command.get(1));
    assertTrue(sleep >= 2, "long enough for the endpoints controller to drop the pod");
    int grace = (Integer) podSpec.get("terminationGracePeriodSeconds");
    long drain = io.switchboard.ops.DrainConfig.DEFAULTS.period().toSeconds();
    assertTrue(grace >= sleep + drain + 20, "grace " + grace + " s covers the " + sleep + " s sleep, the " + drain
        + " s drain and leaving the cluster");
  }

  @Test
  void jvmIsSizedByTheContainersMemory() throws IOException {
    Map<String, Object> resources = map(container.get("resources"));
    assertNotNull(path(resources, "requests", "memory"));
    assertNotNull(path(resources, "requests", "cpu"));
    assertNotNull(path(resources, "limits", "memory"));
    for (Object e : list(container.get("env"))) {
      assertNotEquals("JAVA_TOOL_OPTIONS", map(e).get("name"), "the image carries the JVM flags (and the JVM "
          + "would print a line for JAVA_TOOL_OPTIONS at every start)");
    }
    String options = String.join(" ", DockerImage.read(ROOT.resolve("Dockerfile")).entrypoint());
    for (String measured : List.of("-XX:+UseSerialGC", "-Xmn16m", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError")) {
      assertTrue(options.contains(measured), measured + " in " + options);
    }
    Matcher m = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(\\.\\d+)?)").matcher(options);
    assertTrue(m.find(), options);
    double percent = Double.parseDouble(m.group(1));
    assertTrue(percent > 0 && percent <= 80, "leave room for direct buffers and metaspace: " + percent);
  }

  @Test
  void podsPreferDifferentNodes() {
    List<Object> terms = list(path(podSpec, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"));
    assertFalse(terms.isEmpty());
    Map<String, Object> term = map(map(terms.get(0)).get("podAffinityTerm"));
    assertEquals("kubernetes.io/hostname", term.get("topologyKey"));
    assertSelects("podAntiAffinity", matchLabels(term.get("labelSelector")));
  }

  @Test
  void dockerfileBuildsTheImageTheStatefulSetRuns() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"));
    assertTrue(dockerfile.contains("COPY target/switchboard.jar /app/switchboard.jar"));
    List<String> entrypoint = DockerImage.read(ROOT.resolve("Dockerfile")).entrypoint();
    assertEquals("java", entrypoint.get(0));
    assertEquals(List.of("-jar", "/app/switchboard.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
    Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(dockerfile);
    assertTrue(user.find(), "a numeric USER, so runAsNonRoot can verify it");
    assertEquals(Integer.parseInt(user.group(1)), path(podSpec, "securityContext", "runAsUser"));
    String image = (String) container.get("image");
    boolean named = false;
    for (Object i : list(kustomization.get("images"))) {
      named |= image.equals(map(i).get("name"));
    }
    assertTrue(named, "the kustomization's images: entry sets the reference of image '" + image + "'");
  }

  // ---------------------------------------------------------------- helpers

  private static void assertSameStructure(String at, Map<String, Object> documented, Map<String, Object> ours) {
    for (Map.Entry<String, Object> e : ours.entrySet()) {
      String key = at + e.getKey();
      assertTrue(documented.containsKey(e.getKey()), key + " is not an option of conf/switchboard.yaml");
      Object doc = documented.get(e.getKey());
      if (doc instanceof Map<?, ?>) {
        assertTrue(e.getValue() instanceof Map<?, ?>, key + " is a section in conf/switchboard.yaml");
        assertSameStructure(key + ".", map(doc), map(e.getValue()));
      } else {
        assertFalse(e.getValue() instanceof Map<?, ?>, key + " is not a section in conf/switchboard.yaml");
      }
    }
  }

  /** A value like the one the pod would get. */
  private static String sampleValue(Map<String, Object> var) {
    if (var.get("value") != null) {
      return String.valueOf(var.get("value"));
    }
    Map<String, Object> from = map(var.get("valueFrom"));
    if (from.get("secretKeyRef") != null) {
      // each Secret holds what its variable expects
      return "SWITCHBOARD_API_KEYS".equals(var.get("name")) ? "ops:" + SECRET : SECRET;
    }
    if ("status.podIP".equals(path(from, "fieldRef", "fieldPath"))) {
      return "10.244.1.17";
    }
    throw new AssertionError("no sample value for " + var);
  }

  @Test
  void memberPortsAdmitOnlyTheOtherNodesAndEveryoneElseOnlyTheClientPort() {
    Map<String, Object> policy = object("NetworkPolicy", "switchboard");
    assertSelects("NetworkPolicy", matchLabels(path(policy, "spec", "podSelector")));
    assertEquals(List.of("Ingress"), strings(path(policy, "spec", "policyTypes")));
    List<Object> rules = list(path(policy, "spec", "ingress"));
    assertEquals(3, rules.size(), "one rule for the nodes, one for API callers, one for clients");
    Map<String, Object> members = map(rules.get(0));
    assertEquals(List.of(Map.of("port", "hazelcast", "protocol", "TCP"), Map.of("port", "eventbus", "protocol", "TCP")),
        list(members.get("ports")), "between nodes: Hazelcast and the event bus, by name");
    assertTrue(containerPorts().containsKey("hazelcast") && containerPorts().containsKey("eventbus"));
    List<Object> from = list(members.get("from"));
    assertEquals(1, from.size());
    assertSelects("NetworkPolicy members", matchLabels(map(from.get(0)).get("podSelector")));
    Map<String, Object> callers = map(rules.get(1));
    assertEquals(List.of(Map.of("port", "api", "protocol", "TCP")), list(callers.get("ports")));
    assertEquals(Map.of("switchboard.io/api-client", "true"),
        matchLabels(map(list(callers.get("from")).get(0)).get("podSelector")), "only labelled pods reach the API");
    Map<String, Object> clients = map(rules.get(2));
    assertNull(clients.get("from"), "clients from anywhere");
    List<Object> ports = list(clients.get("ports"));
    assertEquals(1, ports.size());
    Object port = map(ports.get(0)).get("port");
    assertEquals("http", port, "the client port only, by name");
    assertTrue(containerPorts().containsKey("http"));
  }

  private static void assertSelects(String who, Map<String, Object> selector) {
    Map<String, Object> labels = map(path(statefulSet, "spec", "template", "metadata", "labels"));
    assertFalse(selector.isEmpty(), who + ": empty selector");
    selector.forEach((k, v) ->
        assertEquals(v, labels.get(k), who + ": selector " + k + "=" + v + " does not match the pod labels " + labels));
  }

  private static Map<String, Object> matchLabels(Object selector) {
    Map<String, Object> s = map(selector);
    assertNull(s.get("matchExpressions"), "only matchLabels are checked");
    return map(s.get("matchLabels"));
  }

  private static Map<String, Integer> containerPorts() {
    Map<String, Integer> ports = new HashMap<>();
    for (Object p : list(container.get("ports"))) {
      Map<String, Object> port = map(p);
      assertNull(ports.put((String) port.get("name"), (Integer) port.get("containerPort")), "port named twice");
    }
    return ports;
  }

  private static Map<String, Object> configMapGenerator(String name) {
    for (Object g : list(kustomization.get("configMapGenerator"))) {
      if (name.equals(map(g).get("name"))) {
        return map(g);
      }
    }
    throw new AssertionError("no configMapGenerator " + name);
  }

  private static Map<String, Object> object(String kind, String name) {
    Map<String, Object> o = objects.get(kind + "/" + name);
    assertNotNull(o, "no " + kind + " " + name + " among " + objects.keySet());
    return o;
  }

  private static Object path(Map<String, Object> root, String... keys) {
    Object node = root;
    for (String key : keys) {
      assertTrue(node instanceof Map<?, ?>, "no " + String.join(".", keys) + " (at " + key + ")");
      node = ((Map<?, ?>) node).get(key);
    }
    assertNotNull(node, "no " + String.join(".", keys));
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map<?, ?>, "expected a map, got " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertTrue(o instanceof List<?>, "expected a list, got " + o);
    return (List<Object>) o;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object item : list(o)) {
      assertTrue(item instanceof String, "expected a string, got " + item);
      out.add((String) item);
    }
    return out;
  }

  private static Object yaml(Path file) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
  }

  private static List<Object> yamlAll(Path file) {
    List<Object> docs = new ArrayList<>();
    new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file)).forEach(docs::add);
    return docs;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
