package com.greenvue.images.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Build step (pom.xml, exec-maven-plugin, phase package): finishes the manifests the Quarkus Kubernetes extension
 * generated with the build profile {@code kubernetes-postgres} into {@code target/kubernetes-postgres}.
 *
 * <p>The extension always merges {@code src/main/kubernetes/kubernetes.yml}, the file topology's file, and has no
 * setting for another input folder, so its PersistentVolumeClaim ends up in the postgres output too: it is dropped
 * here. Then {@code src/main/kubernetes-postgres/kubernetes.yml} is merged: env entries of its Deployment's
 * containers are added to the generated containers of the same name (the extension cannot mark a Secret key
 * {@code optional}), every other resource (the PodDisruptionBudget) is added as it is. Anything it cannot merge
 * fails the build rather than being left out. Both kubernetes.json and kubernetes.yml are rewritten.
 *
 * <p>Arguments: the generated folder, the additions file.
 */
public final class KubernetesPostgresManifests {

    private KubernetesPostgresManifests() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: KubernetesPostgresManifests <generated dir> <additions yml>");
        }
        Path dir = Path.of(args[0]);
        Path additions = Path.of(args[1]);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build());

        JsonNode generated = json.readTree(dir.resolve("kubernetes.json").toFile());
        if (!generated.isArray()) {
            throw new IllegalStateException(dir.resolve("kubernetes.json") + ": expected a JSON array of resources");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : generated) {
            if (!"PersistentVolumeClaim".equals(item.path("kind").asText())) {
                out.add(item);
            }
        }
        for (JsonNode addition : yaml.readValues(yaml.createParser(additions.toFile()), JsonNode.class).readAll()) {
            if (addition == null || addition.isEmpty()) {
                continue;
            }
            if ("Deployment".equals(addition.path("kind").asText())) {
                mergeEnv(find(out, "Deployment", addition.path("metadata").path("name").asText()), addition, additions);
            } else {
                out.add(addition);
            }
        }
        for (JsonNode volume : find(out, "Deployment", null).path("spec").path("template").path("spec").path("volumes")) {
            if (volume.has("persistentVolumeClaim")) {
                throw new IllegalStateException("the postgres topology must not mount a volume claim: " + volume);
            }
        }

        ArrayNode all = json.createArrayNode();
        out.forEach(all::add);
        Files.writeString(dir.resolve("kubernetes.json"), json.writeValueAsString(all));
        StringBuilder docs = new StringBuilder();
        for (JsonNode item : out) {
            docs.append("---\n").append(yaml.writeValueAsString(item));
        }
        Files.writeString(dir.resolve("kubernetes.yml"), docs.toString());
        System.out.println("[kubernetes-postgres] " + out.size() + " resources in " + dir.resolve("kubernetes.yml"));
    }

    /** Adds the env entries of {@code addition}'s containers to the containers of the same name; nothing else. */
    private static void mergeEnv(JsonNode deployment, JsonNode addition, Path from) {
        Set<String> allowed = Set.of("apiVersion", "kind", "metadata", "spec");
        addition.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new IllegalStateException(from + ": only env entries can be added to the Deployment, not " + f);
            }
        });
        for (JsonNode extra : addition.path("spec").path("template").path("spec").path("containers")) {
            ObjectNode container = null;
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                if (c.path("name").asText().equals(extra.path("name").asText())) {
                    container = (ObjectNode) c;
                }
            }
            if (container == null) {
                throw new IllegalStateException(from + ": no generated container " + extra.path("name"));
            }
            for (Iterator<String> f = extra.fieldNames(); f.hasNext();) {
                String field = f.next();
                if (!field.equals("name") && !field.equals("env")) {
                    throw new IllegalStateException(from + ": only env entries can be added to a container, not " + field);
                }
            }
            ArrayNode env = container.withArray("env");
            Set<String> present = new HashSet<>();
            env.forEach(e -> present.add(e.path("name").asText()));
            for (JsonNode e : extra.path("env")) {
                if (!present.add(e.path("name").asText())) {
                    throw new IllegalStateException(from + ": env " + e.path("name") + " is already generated");
                }
                env.add(e);
            }
        }
    }

    private static JsonNode find(List<JsonNode> items, String kind, String name) {
        for (JsonNode item : items) {
            if (kind.equals(item.path("kind").asText())
                    && (name == null || name.equals(item.path("metadata").path("name").asText()))) {
                return item;
            }
        }
        throw new IllegalStateException("no generated " + kind + (name == null ? "" : " " + name));
    }
}
