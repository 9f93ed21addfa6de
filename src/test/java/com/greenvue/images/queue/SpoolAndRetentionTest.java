package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The spool-bytes limit (503 spool_full, and everything accepted before it is still processed),
 * a failed image whose original bytes are gone (410 on requeue), and failed-image retention.
 */
@QuarkusTest
@TestProfile(SpoolAndRetentionTest.SmallSpool.class)
class SpoolAndRetentionTest {

    static final long SPOOL_LIMIT = 120_000;

    public static class SmallSpool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "greenvue.queue.max-spool-bytes", String.valueOf(SPOOL_LIMIT),
                    "greenvue.queue.failed-retention", "3s",
                    "greenvue.queue.cleanup-interval", "1s");
        }
    }

    @Inject
    ImageQueue queue;
    @Inject
    LocalImageStorage local;
    @ConfigProperty(name = "greenvue.queue.dir")
    String queueDir;

    @AfterEach
    void storageAndJobBack() {
        QuarkusMock.installMockForType(local, ImageStorage.class);
        given().post("/api/jobs/process-image-queue/resume");
    }

    @Test
    void pastTheSpoolLimitUploadsGet503AndEverythingAcceptedIsStillProcessed() {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        byte[] photo = TestImages.jpeg(700, 500);
        assertTrue(photo.length * 2L < SPOOL_LIMIT, "a few photos fit: " + photo.length);
        List<UUID> accepted = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Response r = given().multiPart("images", "s" + i + ".jpg", photo, "image/jpeg").post("/api/upload/listing_image");
            if (r.statusCode() == 202) {
                accepted.add(UUID.fromString(r.path("data.images[0].id")));
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "the spool limit was never reached");
        assertEquals(503, refused.statusCode());
        assertEquals("spool_full", refused.path("error.code"));
        assertTrue(refused.header("Retry-After") != null, "Retry-After is sent");
        assertTrue(accepted.size() * (long) photo.length <= SPOOL_LIMIT, accepted.size() + " accepted");
        assertFalse(accepted.isEmpty());

        given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
        // processed-retention is the default 7 days here: a record that vanished was lost, not processed
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> accepted.stream()
                .allMatch(id -> queue.find(id).orElseThrow(() -> new AssertionError("record " + id + " vanished"))
                        .status() == ImageStatus.PROCESSED));
        for (UUID id : accepted) {
            String url = queue.find(id).orElseThrow().url();
            given().get(url.substring(url.indexOf("/storage/v1/"))).then().statusCode(200).contentType("image/webp");
        }
        // processed images free their bytes: uploads are accepted again
        given().multiPart("images", "again.jpg", photo, "image/jpeg").post("/api/upload/listing_image")
                .then().statusCode(202);
    }

    @Test
    void aFailedImageWithoutItsBytesIs410OnRequeueAndFailedImagesAreForgottenAfterRetention() throws Exception {
        QuarkusMock.installMockForType(FaultyStorage.downForGood(local), ImageStorage.class);
        UUID id = UUID.fromString(given().multiPart("images", "f.jpg", TestImages.jpeg(160, 120), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                queue.find(id).map(r -> r.status() == ImageStatus.FAILED).orElse(false));
        Path spool = Path.of(queueDir, "spool", id + ".img");
        assertTrue(Files.exists(spool), "a failed image keeps its bytes until requeued or purged");

        Files.delete(spool);
        given().post("/api/images/" + id + "/retry").then().statusCode(410).contentType("application/json")
                .body("error.code", equalTo("source_purged"));

        // failed-retention (3 s here): the record goes, and its id is then unknown
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/api/images/" + id).statusCode() == 404);
        assertFalse(Files.exists(Path.of(queueDir, "records", id + ".json")), "record file removed");
        given().post("/api/images/" + id + "/retry").then().statusCode(404);
    }
}
