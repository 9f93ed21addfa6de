package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The manifests the Quarkus Kubernetes extension generates at package time carry what the cluster needs. */
class KubernetesManifestIT {

    static final Path MANIFEST = Path.of("target", "kubernetes", "kubernetes.json");

    @Test
    void deploymentHasProbesVolumeSecretsResourcesAndOneReplica() throws Exception {
        JsonNode all = new ObjectMapper().readTree(MANIFEST.toFile());
        JsonNode deployment = find(all, "Deployment");
        JsonNode spec = deployment.path("spec");
        assertEquals(1, spec.path("replicas").asInt(1), "one replica (omitted means 1)");
        assertEquals("Recreate", spec.path("strategy").path("type").asText(), "one pod per volume, never two");
        JsonNode pod = spec.path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());

        assertTrue(container.path("resources").path("requests").has("memory"));
        assertTrue(container.path("resources").path("limits").has("memory"));

        assertEquals("/deployments/data", container.path("volumeMounts").get(0).path("mountPath").asText());
        assertEquals("greenvue-images-data",
                pod.path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText());

        Set<String> fromSecret = new HashSet<>();
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertEquals("greenvue-images", ref.path("name").asText());
                fromSecret.add(env.path("name").asText());
            }
            assertTrue(env.path("value").isMissingNode() || !env.path("name").asText().contains("KEY"),
                    "no secret value inline");
        }
        assertEquals(Set.of("SUPABASE_URL", "SUPABASE_SERVICE_KEY", "GREENVUE_ADMIN_TOKEN", "SUPABASE_JWT_SECRET"),
                fromSecret);
        for (JsonNode env : container.path("env")) {
            boolean optional = env.path("valueFrom").path("secretKeyRef").path("optional").asBoolean(false);
            // only the JWT secret may be missing from the Secret (uploads are then open); the others must be there
            assertEquals("SUPABASE_JWT_SECRET".equals(env.path("name").asText()), optional, env.toString());
        }
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());

        assertNotNull(find(all, "Service"));
        assertEquals("ReadWriteOnce", find(all, "PersistentVolumeClaim").path("spec").path("accessModes").get(0).asText());
    }

    private static JsonNode find(JsonNode all, String kind) {
        for (JsonNode item : all) {
            if (kind.equals(item.path("kind").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " in " + MANIFEST);
    }
}
