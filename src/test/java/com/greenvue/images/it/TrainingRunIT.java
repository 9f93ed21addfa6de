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
 * The AppCDS training run as make build and Dockerfile.jvm use it: the packaged service, started
 * with greenvue.training-run.enabled and -XX:ArchiveClassesAtExit, publishes its own uploads,
 * exits 0 and leaves an archive; a service started on that archive with -Xshare:on (which refuses
 * to start on an archive it cannot use) becomes ready and processes a photo.
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
                        objects.toAbsolutePath().toString()))
                .jvmArgs("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        int exit = training.runUntilExit(Duration.ofSeconds(120));
        assertEquals(0, exit, training.log());
        assertTrue(training.log().contains("Training run done"), training.log());
        // on port 0 the warm-up finds the port once the server has bound (it once waited 20 s and gave up)
        assertTrue(training.log().contains("Upload path warm-up: " + 2 + " refused uploads"), training.log());
        assertTrue(Files.size(archive) > 1_000_000, "an archive was written: " + Files.size(archive) + " bytes");
        assertTrue(training.log().contains("Training run: linked "), training.log());
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

        try (ServiceProcess served = new ServiceProcess(root.resolve("served"), env)
                .jvmArgs("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load=info:file=" + classLog).start()) {
            assertTrue(!served.log().contains("Training run"), "the training run is off unless asked for");
            CrashRecoveryIT.Accepted a = CrashRecoveryIT.upload(served, 1, "After training").get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> served.getBytes(a.path()).statusCode() == 200);
            assertEquals(640, TestImages.decode(served.getBytes(a.path()).body()).height);
        }
        // what the start and the first photo read from the jars rather than the archive: ~1,300
        // classes before the training run linked what it had loaded (Java 17's dynamic archive
        // leaves out an application class loader's classes that were loaded but never linked)
        List<String> fromJars;
        try (Stream<String> lines = Files.lines(classLog)) {
            fromJars = lines.filter(l -> l.contains("source: file:")).toList();
        }
        assertTrue(fromJars.size() < 400, fromJars.size() + " classes read from the jars, not the archive: "
                + fromJars.subList(0, Math.min(20, fromJars.size())));
    }
}
