package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.TestImages;
import com.sksamuel.scrimage.ImmutableImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing accepted is ever lost: the packaged service is killed (SIGKILL, SIGTERM) while its
 * worker is busy, started again on the same data directory, and every image that was answered
 * 202 ends up published as a valid WebP.
 */
class CrashRecoveryIT {

    static final int IMAGES = 50;
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] PHOTO = TestImages.jpeg(1600, 1200);

    /** One accepted image: its id and its public URL path. */
    record Accepted(String id, String path) {
    }

    @ParameterizedTest(name = "kill -9 after {0} images were published")
    @ValueSource(ints = {0, 8, 25})
    void sigkillWhileTheWorkerIsBusyLosesNothing(int publishedBeforeKill) throws Exception {
        Path dir = freshDir("kill-" + publishedBeforeKill);
        List<Accepted> accepted;
        try (ServiceProcess first = new ServiceProcess(dir, Map.of()).start()) {
            accepted = uploadAll(first, IMAGES);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> published(dir) >= publishedBeforeKill);
            first.kill();
        }
        int atKill = published(dir);
        assertTrue(atKill < IMAGES, "the kill came while work remained (" + atKill + " published)");
        assertFalse(Files.exists(dir.resolve("queue").resolve("snapshot.json")), "kill -9 writes no snapshot");
        try (ServiceProcess second = new ServiceProcess(dir, Map.of()).start()) {
            assertTrue(second.log().contains("No shutdown snapshot: the previous run did not stop cleanly"));
            assertAllPublished(second, accepted);
        }
    }

    @Test
    void sigkillDuringUploadsKeepsEveryImageThatWasAnswered202() throws Exception {
        Path dir = freshDir("kill-during-upload");
        List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        try (ServiceProcess first = new ServiceProcess(dir, Map.of()).start()) {
            killDuringUploads(first, accepted);
        }
        try (ServiceProcess second = new ServiceProcess(dir, Map.of()).start()) {
            assertAllPublished(second, new ArrayList<>(accepted));
            try (Stream<Path> leftovers = Files.list(dir.resolve("uploads"))) {
                assertEquals(0, leftovers.count(), "half-received uploads of the dead process are cleaned up");
            }
        }
    }

    @Test
    void sigtermDrainsWithinTheTimeoutAndLosesNothingAndTheJobRegistrySurvives() throws Exception {
        Path dir = freshDir("term");
        List<Accepted> accepted;
        try (ServiceProcess first = new ServiceProcess(dir, Map.of()).start()) {
            HttpResponse<String> changed = first.post("/api/jobs", "application/json", ("{\"id\":\"process-image-queue\","
                    + "\"name\":\"Process Image Queue\",\"description\":\"Process pending images in queue\","
                    + "\"type\":\"process_images\",\"interval\":\"7s\",\"payload\":{\"batch_size\":4}}").getBytes(),
                    Map.of());
            assertEquals(200, changed.statusCode(), changed.body());
            accepted = uploadAll(first, IMAGES);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> published(dir) >= 5);
            Duration took = first.terminate(Duration.ofSeconds(30));
            assertTrue(took.compareTo(Duration.ofSeconds(25)) < 0, "shutdown took " + took);
        }
        assertTrue(Files.readString(dir.resolve("jobs.json")).contains("\"7s\""), "registry saved");
        // written after the drain: every image not processed, none of them left in processing
        JsonNode snapshot = JSON.readTree(dir.resolve("queue").resolve("snapshot.json").toFile());
        List<String> ids = accepted.stream().map(Accepted::id).toList();
        int listed = 0;
        for (JsonNode image : snapshot.path("images")) {
            assertTrue(ids.contains(image.path("id").asText()), image.toString());
            assertTrue(List.of("pending", "retry").contains(image.path("status").asText()), image.toString());
            listed++;
        }
        assertEquals(IMAGES, listed + snapshot.path("counts").path("processed").asInt(), snapshot.toString());
        try (ServiceProcess second = new ServiceProcess(dir, Map.of()).start()) {
            assertTrue(second.log().contains(": " + listed + " waiting images, all restored"), "the next start agrees");
            assertFalse(Files.exists(dir.resolve("queue").resolve("snapshot.json")), "compared once, then set aside");
            JsonNode job = JSON.readTree(second.get("/api/jobs/process-image-queue").body()).path("data");
            assertEquals("7s", job.path("interval").asText());
            assertEquals(4, job.path("payload").path("batch_size").asInt());
            assertAllPublished(second, accepted);
        }
    }

    /** Uploads 3 images a request from another thread and kills the service with kill -9 once 12 were answered 202. */
    static void killDuringUploads(ServiceProcess service, List<Accepted> accepted) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread uploader = new Thread(() -> {
            for (int i = 0; i < 20 && !stop.get(); i++) {
                try {
                    accepted.addAll(upload(service, 3, "During " + i));
                } catch (Exception e) {
                    return; // the process died under us: this request was never answered 202
                }
            }
        });
        uploader.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 12);
        service.kill();
        stop.set(true);
        uploader.join(30_000);
    }

    static List<Accepted> uploadAll(ServiceProcess service, int count) throws Exception {
        List<Accepted> all = new ArrayList<>();
        while (all.size() < count) {
            all.addAll(upload(service, Math.min(10, count - all.size()), "Crash " + all.size()));
        }
        return all;
    }

    static List<Accepted> upload(ServiceProcess service, int n, String title) throws Exception {
        Multipart body = new Multipart().field("listing_title", title);
        for (int i = 0; i < n; i++) {
            body.file("images", "p" + i + ".jpg", PHOTO);
        }
        HttpResponse<String> r = service.post("/api/upload/listing_image", body.contentType(), body.bytes(), Map.of());
        assertEquals(202, r.statusCode(), r.body());
        List<Accepted> out = new ArrayList<>();
        for (JsonNode image : JSON.readTree(r.body()).path("data").path("images")) {
            String url = image.path("url").asText();
            out.add(new Accepted(image.path("id").asText(), url.substring(url.indexOf("/storage/v1/"))));
        }
        return out;
    }

    static void assertAllPublished(ServiceProcess service, List<Accepted> accepted) {
        assertTrue(!accepted.isEmpty());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Accepted a : accepted) {
                JsonNode rec = JSON.readTree(service.get("/api/images/" + a.id()).body()).path("data");
                if (!"processed".equals(rec.path("status").asText())) {
                    return false;
                }
            }
            return true;
        });
        for (Accepted a : accepted) {
            HttpResponse<byte[]> r;
            try {
                r = service.getBytes(a.path());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertEquals(200, r.statusCode(), a.path());
            ImmutableImage img = TestImages.decode(r.body());
            assertEquals(640, img.height);
            assertEquals(853, img.width);
        }
    }

    static int published(Path dir) throws Exception {
        Path objects = dir.resolve("objects").resolve("listing-images");
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(objects)) {
            return (int) s.filter(p -> p.toString().endsWith(".webp")).count();
        }
    }

    static Path freshDir(String name) throws Exception {
        Path dir = Path.of("target", "it-data", name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return dir;
    }
}
