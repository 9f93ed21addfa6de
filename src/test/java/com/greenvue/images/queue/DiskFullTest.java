package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.sksamuel.scrimage.ImmutableImage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A full data volume on a real (tmpfs) file system: uploads get 507 insufficient_storage with
 * Retry-After, never a 400; readiness is DOWN while a maximum-size upload would not fit and UP
 * again once room returns; what was accepted before stays and is processed.
 */
@QuarkusTest
@WithTestResource(SmallDiskResource.class)
class DiskFullTest {

    @Inject
    ImageQueue queue;
    @ConfigProperty(name = "greenvue.queue.dir")
    String queueDir;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDir;

    @Test
    void aFullDiskAnswers507WithRetryAfterTurnsReadinessDownAndKeepsWhatWasAccepted() throws Exception {
        Path uploads = Path.of(uploadsDir);
        Path spool = Path.of(queueDir);
        Assumptions.assumeTrue(SmallDiskResource.mounted(uploads) && SmallDiskResource.mounted(spool),
                "Skipped: a size-limited tmpfs could not be mounted here (needs root with CAP_SYS_ADMIN)");

        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        List<String> accepted = new ArrayList<>();
        accepted.add(upload(202).jsonPath().getString("data.images[0].id"));
        accepted.add(upload(202).jsonPath().getString("data.images[0].id"));
        awaitReady(true);

        // the framework cannot write the part into its uploads folder
        Path filler = fill(uploads);
        awaitReady(false);
        Response refused = upload(507);
        assertEquals("insufficient_storage", refused.jsonPath().getString("error.code"));
        assertEquals("error", refused.jsonPath().getString("status"));
        assertEquals("7", refused.header("Retry-After"));
        Files.delete(filler);

        // the part is written, but the spool cannot take it (the queue's own write fails)
        Set<String> spoolBefore = files(spool.resolve("spool"));
        filler = fill(spool);
        awaitReady(false);
        refused = upload(507);
        assertEquals("insufficient_storage", refused.jsonPath().getString("error.code"));
        assertEquals("7", refused.header("Retry-After"));
        assertEquals(spoolBefore, files(spool.resolve("spool")), "nothing of a refused request is kept");
        assertEquals(2, queue.counts().pending(), "the images accepted before are still waiting");

        // room returns: ready again, uploads accepted again
        Files.delete(filler);
        awaitReady(true);
        accepted.add(upload(202).jsonPath().getString("data.images[0].id"));

        given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
        for (String id : accepted) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "processed".equals(given().get("/api/images/" + id).jsonPath().getString("data.status")));
            String url = given().get("/api/images/" + id).jsonPath().getString("data.url");
            byte[] webp = given().urlEncodingEnabled(false).get(url.substring(url.indexOf("/storage/v1/")))
                    .then().statusCode(200).extract().asByteArray();
            ImmutableImage out = TestImages.decode(webp);
            assertEquals(640, out.height);
            assertEquals(853, out.width);
        }
    }

    private static Response upload(int status) {
        return given().multiPart("images", "photo.jpg", TestImages.jpeg(1200, 900), "image/jpeg")
                .when().post("/api/upload/listing_image")
                .then().statusCode(status).contentType("application/json").extract().response();
    }

    private static void awaitReady(boolean up) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(up ? 200 : 503)
                        .body("checks.find { it.name == 'image-queue' }.data.spool_room_for_max_upload", equalTo(up)));
    }

    /** Writes zeros into {@code volume} until the file system refuses with ENOSPC. */
    private static Path fill(Path volume) throws IOException {
        Path filler = volume.resolve("filler.bin");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left on device"), "filled: " + e);
        }
        // smaller writes take the last partial chunk, so not even a record fits
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException e) {
            // full to the byte
        }
        return filler;
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
