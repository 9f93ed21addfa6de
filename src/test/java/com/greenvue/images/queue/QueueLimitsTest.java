package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Back-pressure, leases, retention and an unwritable spool, with small limits so they show quickly. */
@QuarkusTest
@TestProfile(QueueLimitsTest.SmallLimits.class)
class QueueLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "greenvue.queue.max-queued", "3",
                    "greenvue.queue.lease-duration", "1s",
                    "greenvue.queue.processed-retention", "1s",
                    "greenvue.queue.cleanup-interval", "1s",
                    "greenvue.queue.retry-after", "17s");
        }
    }

    @Inject
    ImageQueue queue;
    @Inject
    LocalImageStorage local;
    @ConfigProperty(name = "greenvue.queue.dir")
    String queueDir;

    @Test
    void fullQueueAnswers503WithRetryAfterAndEverythingAcceptedBeforeIsProcessed() {
        // another test of this class may have left an image still on its way: start from an empty queue
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.counts().waiting() == 0);
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        try {
            List<UUID> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accepted.add(upload());
            }
            given().multiPart("images", "one-too-many.jpg", TestImages.jpeg(100, 80), "image/jpeg")
                    .post("/api/upload/listing_image").then().statusCode(503)
                    .header("Retry-After", "17")
                    .body("error.code", equalTo("queue_full"));
            given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
            Map<UUID, ImageRecord> last = awaitProcessed(accepted);
            last.values().forEach(QueueLimitsTest::assertPublished);
            upload();
        } finally {
            given().post("/api/jobs/process-image-queue/resume");
        }
    }

    @Test
    void aLateResultFromAnExpiredLeaseNeverUndoesANewerOutcome() {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        try {
            UUID id = upload();
            ImageRecord stale = queue.claimOne(id, "stale-worker").orElseThrow();
            // its 1 s lease runs out: the image is reclaimed (claim runs lease recovery) and claimed anew
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                queue.claim(0, "reclaimer");
                return queue.claimOne(id, "new-worker").isPresent();
            });
            ImageRecord current = queue.find(id).orElseThrow();
            assertEquals("new-worker", current.leaseOwner());
            int retries = current.retries();

            // the stale attempt fails late, while the new one still works: not recorded
            assertNull(queue.markAttemptFailed(stale, "late failure", false));
            assertEquals(ImageStatus.PROCESSING, queue.find(id).orElseThrow().status());
            assertEquals(retries, queue.find(id).orElseThrow().retries());

            // the new attempt finishes; a late failure after that changes nothing either
            queue.markProcessed(current, 1234);
            assertNull(queue.markAttemptFailed(stale, "later failure", true));
            ImageRecord done = queue.find(id).orElseThrow();
            assertEquals(ImageStatus.PROCESSED, done.status());
            assertEquals(retries, done.retries());
            assertTrue(done.attempts().stream().noneMatch(a -> a.error().contains("late")), done.attempts().toString());
        } finally {
            given().post("/api/jobs/process-image-queue/resume");
        }
    }

    @Test
    void processedImagesFreeTheirBytesAtOnceAndTheirRecordsAfterRetention() {
        UUID id = upload();
        ImageRecord processed = awaitProcessed(List.of(id)).get(id);
        assertFalse(Files.exists(Path.of(queueDir, "spool", id + ".img")), "spool bytes freed after upload");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/api/images/" + id).statusCode() == 404);
        assertFalse(Files.exists(Path.of(queueDir, "records", id + ".json")));
        // the record is forgotten, the published image is not
        assertPublished(processed);
    }

    @Test
    void anUnwritableSpoolTurnsReadinessDownAndUploadsInto503() throws Exception {
        Path spool = Path.of(queueDir, "spool");
        Path aside = Path.of(queueDir, "spool-aside");
        Files.move(spool, aside);
        Files.writeString(spool, "a file where the spool folder should be");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/live").then().statusCode(200);
            given().multiPart("images", "x.jpg", TestImages.jpeg(100, 80), "image/jpeg")
                    .post("/api/upload/listing_image").then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("error.code", equalTo("spool_unavailable"));
        } finally {
            Files.delete(spool);
            Files.move(aside, spool);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        upload();
    }

    /**
     * Waits until each image has been seen processed, and returns that version of its record. A
     * record that vanishes (retention is 1 s here) before it was seen processed fails the wait.
     */
    private Map<UUID, ImageRecord> awaitProcessed(List<UUID> ids) {
        Map<UUID, ImageRecord> last = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (UUID id : ids) {
                queue.find(id).ifPresent(r -> last.put(id, r));
            }
            return ids.stream().allMatch(id -> last.containsKey(id) && last.get(id).status() == ImageStatus.PROCESSED);
        });
        return last;
    }

    /** The processed image's URL serves the WebP. */
    private static void assertPublished(ImageRecord r) {
        assertNotNull(r.url(), "a processed image has its URL: " + r.id());
        given().get(r.url().substring(r.url().indexOf("/storage/v1/"))).then().statusCode(200)
                .contentType("image/webp");
    }

    private static UUID upload() {
        return UUID.fromString(given().multiPart("images", "q.jpg", TestImages.jpeg(160, 120), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id"));
    }
}
