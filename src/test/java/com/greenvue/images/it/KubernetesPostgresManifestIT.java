package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests for the postgres backend (target/kubernetes-postgres, written by ./mvnw package: the Quarkus
 * Kubernetes extension with the build profile kubernetes-postgres, then src/main/kubernetes-postgres merged in)
 * run several replicas that share PostgreSQL and Supabase, and nothing in them ties a pod to one node.
 */
class KubernetesPostgresManifestIT {

    static final Path DIR = Path.of("target", "kubernetes-postgres");
    static final String SECRET = "greenvue-images";

    static List<JsonNode> all;
    static JsonNode deployment;
    static JsonNode pod;
    static JsonNode container;

    @BeforeAll
    static void read() throws Exception {
        all = new ArrayList<>();
        new ObjectMapper().readTree(DIR.resolve("kubernetes.json").toFile()).forEach(all::add);
        deployment = find("Deployment");
        pod = deployment.path("spec").path("template").path("spec");
        container = pod.path("containers").get(0);
    }

    @Test
    void yamlSaysWhatJsonSays() throws Exception {
        // kubectl apply -f kubernetes.yml is what the README tells operators to run
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode doc : yaml.readValues(yaml.createParser(DIR.resolve("kubernetes.yml").toFile()), JsonNode.class)
                .readAll()) {
            if (doc != null && !doc.isEmpty()) {
                docs.add(doc);
            }
        }
        assertEquals(all, docs);
    }

    @Test
    void severalReplicasRollingOneAtATime() {
        JsonNode spec = deployment.path("spec");
        assertTrue(spec.path("replicas").asInt(1) >= 2, "2+ replicas: " + spec.path("replicas"));
        JsonNode strategy = spec.path("strategy");
        assertEquals("RollingUpdate", strategy.path("type").asText(), strategy.toString());
        assertEquals("1", strategy.path("rollingUpdate").path("maxSurge").asText(), strategy.toString());
        String maxUnavailable = strategy.path("rollingUpdate").path("maxUnavailable").asText();
        assertTrue(Set.of("0", "1").contains(maxUnavailable), strategy.toString());
        // a Deployment's selector is immutable: with the version in it the next release could not be applied
        assertFalse(spec.path("selector").path("matchLabels").has("app.kubernetes.io/version"),
                spec.path("selector").toString());
    }

    @Test
    void noVolumeOutlivesThePod() {
        for (JsonNode item : all) {
            assertNotEquals("PersistentVolumeClaim", item.path("kind").asText(), "no volume claim: " + item);
        }
        Map<String, JsonNode> volumes = new HashMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            assertFalse(volume.has("persistentVolumeClaim"), volume.toString());
            volumes.put(volume.path("name").asText(), volume);
        }
        JsonNode data = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/deployments/data".equals(mount.path("mountPath").asText())) {
                data = volumes.get(mount.path("name").asText());
            }
        }
        assertTrue(data != null && data.has("emptyDir"), "/deployments/data is an emptyDir: " + pod.path("volumes"));
        assertEquals("/deployments/data", env("GREENVUE_DATA_DIR").path("value").asText());
    }

    @Test
    void podDisruptionBudgetKeepsOnePodAndSelectsThisAppsPods() {
        JsonNode pdb = find("PodDisruptionBudget");
        assertEquals("policy/v1", pdb.path("apiVersion").asText());
        assertEquals(1, pdb.path("spec").path("minAvailable").asInt(-1), pdb.toString());
        assertTrue(deployment.path("spec").path("replicas").asInt(1) > 1, "a drain can still evict one pod");
        JsonNode selector = pdb.path("spec").path("selector").path("matchLabels");
        assertTrue(selector.size() > 0, "the budget selects pods: " + pdb);
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        selector.properties().forEach(label -> assertEquals(label.getValue(), podLabels.path(label.getKey()),
                "the budget's " + label.getKey() + " matches the pods: " + podLabels));
        assertEquals("greenvue-images", selector.path("app.kubernetes.io/name").asText(), selector.toString());
        assertFalse(selector.has("app.kubernetes.io/version"), "holds across a rollout: " + selector);
    }

    @Test
    void postgresBackendWithTheDatabaseFromTheSecret() {
        assertEquals("postgres", env("GREENVUE_QUEUE_BACKEND").path("value").asText());
        assertEquals("supabase", env("GREENVUE_STORAGE_BACKEND").path("value").asText(), "replicas share the bucket");

        Map<String, String> keys = new HashMap<>();
        Set<String> optional = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            assertTrue(names.add(name), "env " + name + " set once");
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertEquals(SECRET, ref.path("name").asText(), env.toString());
                keys.put(name, ref.path("key").asText());
                if (ref.path("optional").asBoolean(false)) {
                    optional.add(name);
                }
            }
            assertTrue(env.path("value").isMissingNode()
                    || !(name.contains("KEY") || name.contains("PASSWORD") || name.contains("DATABASE_URL")),
                    "no secret value inline: " + name);
        }
        assertEquals(Map.of(
                "DATABASE_URL", "database-url",
                "DATABASE_USER", "database-user",
                "DATABASE_PASSWORD", "database-password",
                "SUPABASE_URL", "supabase-url",
                "SUPABASE_SERVICE_KEY", "supabase-service-key",
                "GREENVUE_ADMIN_TOKEN", "admin-token",
                "SUPABASE_JWT_SECRET", "jwt-secret"), keys);
        // DATABASE_URL may carry user and password itself (postgres://user:pw@host/db); the JWT secret is optional
        assertEquals(Set.of("DATABASE_USER", "DATABASE_PASSWORD", "SUPABASE_JWT_SECRET"), optional);
        assertFalse(names.contains("QUARKUS_FLYWAY_ACTIVE"), "every replica migrates at start (advisory lock)");
    }

    @Test
    void probesGraceResourcesAndSecurity() {
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        // readiness includes the datasource health check: a replica that cannot reach PostgreSQL gets no traffic
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals(30, pod.path("terminationGracePeriodSeconds").asInt(), "the 3 + 10 + 15 s shutdown fits");
        assertTrue(container.path("resources").path("requests").has("memory"));
        assertTrue(container.path("resources").path("limits").has("memory"));
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), pod.path("securityContext").toString());
        assertNotEquals(0, pod.path("securityContext").path("runAsUser").asInt(0));
        // no Flyway init Job to wait for: nothing that blocks a pod on a Job and a third-party image
        assertTrue(pod.path("initContainers").isMissingNode() || pod.path("initContainers").isEmpty(),
                pod.path("initContainers").toString());
        for (JsonNode item : all) {
            assertNotEquals("Job", item.path("kind").asText(), item.toString());
        }
    }

    @Test
    void serviceReachesThePodsAndTheImageIsTheFileTopologysImage() throws Exception {
        JsonNode selector = find("Service").path("spec").path("selector");
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        assertTrue(selector.size() > 0);
        selector.properties().forEach(l -> assertEquals(l.getValue(), podLabels.path(l.getKey()), l.getKey()));

        // both topologies come from the same build: same image, same ports
        JsonNode fileTopology = null;
        for (JsonNode item : new ObjectMapper().readTree(KubernetesManifestIT.MANIFEST.toFile())) {
            if ("Deployment".equals(item.path("kind").asText())) {
                fileTopology = item.path("spec").path("template").path("spec").path("containers").get(0);
            }
        }
        assertEquals(fileTopology.path("image"), container.path("image"));
        assertEquals(fileTopology.path("ports"), container.path("ports"));
    }

    private static JsonNode env(String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env;
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("env"));
    }

    private static JsonNode find(String kind) {
        for (JsonNode item : all) {
            if (kind.equals(item.path("kind").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " in " + DIR);
    }
}
