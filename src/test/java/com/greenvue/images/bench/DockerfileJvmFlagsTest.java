package com.greenvue.images.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks measure the JVM the image runs: every flag of BenchService is in Dockerfile.jvm. */
class DockerfileJvmFlagsTest {

    @Test
    void benchmarksRunWithTheImagesJvmFlags() throws Exception {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        String opts = dockerfile.lines().filter(l -> l.startsWith("ENV JAVA_OPTS_APPEND=")).findFirst().orElseThrow();
        List<String> imageFlags = Arrays.asList(opts.substring(opts.indexOf('"') + 1, opts.lastIndexOf('"')).split(" "));
        for (String flag : BenchService.JVM_FLAGS) {
            assertTrue(imageFlags.contains(flag), flag + " is in BenchService.JVM_FLAGS but not in Dockerfile.jvm's JAVA_OPTS_APPEND");
        }
        BenchService.MALLOC_ENV.forEach((name, value) -> assertTrue(dockerfile.lines().anyMatch(("ENV " + name + "=" + value)::equals),
                name + "=" + value + " is in BenchService.MALLOC_ENV but not an ENV line of Dockerfile.jvm"));
        assertTrue(imageFlags.contains("-XX:MaxRAMPercentage=50"), "the 512 MB heap BenchService assumes (-Xmx512m) comes from MaxRAMPercentage=50 under 1Gi");
        assertTrue(imageFlags.contains("-XX:InitialRAMPercentage=12.5"), "the 128 MB initial heap BenchService assumes (-Xms128m) comes from InitialRAMPercentage=12.5 under 1Gi");
        // run-java.sh would otherwise pick ParallelGC with heap free ratios 10/20 (the benchmarks run G1, JVM ratios)
        for (String env : List.of("ENV GC_CONTAINER_OPTIONS=\"-XX:+UseG1GC\"", "ENV GC_MIN_HEAP_FREE_RATIO=40",
                "ENV GC_MAX_HEAP_FREE_RATIO=70", "ENV GC_TIME_RATIO=12")) {
            assertTrue(dockerfile.lines().anyMatch(env::equals), "Dockerfile.jvm lacks " + env);
        }
        assertTrue(imageFlags.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC")),
                "a collector in JAVA_OPTS_APPEND conflicts with the one run-java.sh sets from GC_CONTAINER_OPTIONS");
    }

    /** The image runs the jar the benchmarks run, and its training run archives that same jar by the same path. */
    @Test
    void theImageRunsAndTrainsTheJarTheBenchmarksRun() throws Exception {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        String jar = "/deployments/" + BenchService.JAR.getFileName();
        assertTrue(dockerfile.lines().anyMatch(("COPY --chown=185 " + BenchService.JAR.toString().replace('\\', '/') + " " + jar)::equals),
                "Dockerfile.jvm copies " + BenchService.JAR);
        assertTrue(dockerfile.lines().anyMatch(("ENV JAVA_APP_JAR=\"" + jar + "\"")::equals), "run-java.sh starts " + jar);
        assertTrue(dockerfile.contains("-XX:ArchiveClassesAtExit=/deployments/app-cds.jsa")
                && dockerfile.contains("-jar " + jar + " "), "the training run archives " + jar);
        assertTrue(dockerfile.contains("-XX:SharedArchiveFile=/deployments/app-cds.jsa\""), "the service starts on the archive");
    }
}
