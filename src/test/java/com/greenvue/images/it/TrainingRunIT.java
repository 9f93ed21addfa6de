package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.sksamuel.scrimage.ImmutableImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The AppCDS training run as make build and Dockerfile.jvm use it: the one-jar build
 * (target/uber-app/greenvue-images.jar), started with greenvue.training-run.enabled and
 * -XX:ArchiveClassesAtExit, publishes its own uploads, exits 0 and leaves an archive; a service
 * started on that archive with -Xshare:on (which refuses to start on an archive it cannot use)
 * becomes ready, processes a photo, and defined few classes outside the archive. Both log through
 * JBoss LogManager (GreenVueMain names it; the one jar has no Quarkus launcher to do so).
 */
class TrainingRunIT {

    @Test
    void theTrainingRunPublishesItsUploadsExitsAndLeavesAnArchiveTheNextStartUses() throws Exception {
        Path root = CrashRecoveryIT.freshDir("training-run");
        Path archive = root.resolve("app-cds.jsa").toAbsolutePath();
        Path classLog = root.resolve("served-class-load.log").toAbsolutePath();
        Path objects = root.resolve("objects");
        Map<String, String> env = Map.of("GREENVUE_STORAGE_LOCAL_DIR", objects.toAbsolutePath().toString());

        ServiceProcess training = new ServiceProcess(root.resolve("training"),
                // port 0, as make build and Dockerfile.jvm run it
                Map.of("GREENVUE_TRAINING_RUN_ENABLED", "true", "QUARKUS_HTTP_PORT", "0", "GREENVUE_STORAGE_LOCAL_DIR",
                        objects.toAbsolutePath().toString()), ServiceProcess.UBER_JAR)
                .jvmArgs("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        int exit = training.runUntilExit(Duration.ofSeconds(120));
        assertEquals(0, exit, training.log());
        assertTrue(training.log().contains("Training run done"), training.log());
        // on port 0 the warm-up finds the port once the server has bound (it once waited 20 s and gave up)
        assertTrue(training.log().contains("Upload path warm-up: " + 2 + " refused uploads"), training.log());
        assertTrue(Files.size(archive) > 1_000_000, "an archive was written: " + Files.size(archive) + " bytes");
        assertTrue(training.log().contains("Training run: linked "), training.log());
        assertJBossLogFormat(training.log());
        List<Path> published;
        try (Stream<Path> files = Files.list(objects.resolve("listing-images"))) {
            published = files.filter(f -> f.toString().endsWith(".webp")).toList();
        }
        assertEquals(6, published.size(), "three images in one request, then each alone: " + published);
        for (Path webp : published) {
            ImmutableImage img = TestImages.decode(Files.readAllBytes(webp));
            assertEquals(640, img.width);
            assertEquals(480, img.height);
        }

        try (ServiceProcess served = new ServiceProcess(root.resolve("served"), env, ServiceProcess.UBER_JAR)
                .jvmArgs("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load=info:file=" + classLog).start()) {
            assertTrue(!served.log().contains("Training run"), "the training run is off unless asked for");
            CrashRecoveryIT.Accepted a = CrashRecoveryIT.upload(served, 1, "After training").get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> served.getBytes(a.path()).statusCode() == 200);
            assertEquals(640, TestImages.decode(served.getBytes(a.path()).body()).height);
            assertJBossLogFormat(served.log());
        }
        // what the start and the first photo defined outside the archive: ~200 classes on the JVM's
        // class path (generated ones: method-handle forms, proxies), ~740 from quarkus-app/ under
        // Quarkus' class loader (Java 17 archives no lambdas for it) and ~2,000 before the training
        // run linked what it had loaded (the archive leaves out such a loader's unlinked classes)
        List<String> outside;
        try (Stream<String> lines = Files.lines(classLog)) {
            outside = lines.filter(l -> l.contains(" source: ") && !l.contains("shared objects file")).toList();
        }
        assertTrue(outside.size() < 400, outside.size() + " classes defined outside the archive: " + firstTwenty(outside));
        // a few may come from the jar on paths the training run did not happen to take: CI once saw
        // Netty's AbstractBootstrap$PendingRegistrationPromise (a channel registered after bind
        // returned, a race) and AbstractBootstrap$1. An archive that missed the jar would leave thousands.
        List<String> fromJar = outside.stream().filter(l -> l.contains("greenvue-images.jar")).toList();
        assertTrue(fromJar.size() <= 20, fromJar.size() + " classes read from the jar rather than the archive: "
                + firstTwenty(fromJar));
    }

    private static List<String> firstTwenty(List<String> lines) {
        return lines.subList(0, Math.min(20, lines.size()));
    }

    /** Quarkus' console format ({@code 12:00:00,000 INFO  [category] (thread) message}), not java.util.logging's. */
    static void assertJBossLogFormat(String log) {
        assertTrue(log.lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[io\\.quarkus\\] .*")),
                "Quarkus' log format: " + log);
        assertTrue(log.lines().noneMatch(l -> l.startsWith("INFO: ")), "java.util.logging's default format: " + log);
    }
}
