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
        assertTrue(dockerfile.contains("ENV MALLOC_ARENA_MAX=" + BenchService.MALLOC_ARENA_MAX), "MALLOC_ARENA_MAX differs");
        assertTrue(imageFlags.contains("-XX:MaxRAMPercentage=50"), "the 512 MB heap BenchService assumes (-Xmx512m) comes from MaxRAMPercentage=50 under 1Gi");
    }
}
