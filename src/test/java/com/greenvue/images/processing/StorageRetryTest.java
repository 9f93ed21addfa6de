package com.greenvue.images.processing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Storage failures move an image through retry (with growing delays) to failed, or to processed once storage recovers. */
@QuarkusTest
class StorageRetryTest {

    @Inject
    ImageQueue queue;
    @Inject
    LocalImageStorage local;

    @Test
    void storageDownForGoodEndsFailedWithTheErrorAndMaxRetries() {
        FaultyStorage flaky = FaultyStorage.downForGood(local);
        QuarkusMock.installMockForType(flaky, ImageStorage.class);
        UUID id = upload();
        ImageRecord r = awaitStatus(id, ImageStatus.FAILED);
        assertEquals(3, r.retries());
        assertTrue(r.error().contains("simulated outage"), r.error());
        assertEquals(3, r.attempts().size(), "each attempt is kept");
        given().get("/api/images/" + id).then().statusCode(200)
                .body("data.status", org.hamcrest.Matchers.equalTo("failed"))
                .body("data.retries", org.hamcrest.Matchers.equalTo(3))
                .body("data.error", org.hamcrest.Matchers.containsString("simulated outage"));
    }

    @Test
    void aLaterSuccessMovesRetryToProcessed() {
        FaultyStorage flaky = FaultyStorage.failing(local, 2);
        QuarkusMock.installMockForType(flaky, ImageStorage.class);
        UUID id = upload();
        ImageRecord r = awaitStatus(id, ImageStatus.PROCESSED);
        assertEquals(2, r.retries());
        assertEquals(2, r.attempts().size());
        assertEquals(1, flaky.stored.size());
        given().get(r.url().substring(r.url().indexOf("/storage/v1/"))).then().statusCode(200);
    }

    @Test
    void anImageThatPassesTheChecksButCannotBeDecodedFailsAtOnceWithoutRetries() {
        String id = given().multiPart("images", "broken.png", TestImages.pngWithCorruptPixelData(), "image/png")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .extract().jsonPath().getString("data.images[0].id");
        ImageRecord r = awaitStatus(UUID.fromString(id), ImageStatus.FAILED);
        assertEquals(0, r.retries(), "a permanent error is not retried");
        assertEquals(1, r.attempts().size());
        assertTrue(r.attempts().get(0).permanent());
        assertTrue(r.error().contains("decode"), r.error());
    }

    private static UUID upload() {
        String id = given().multiPart("images", "retry.jpg", TestImages.jpeg(300, 200), "image/jpeg")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .extract().jsonPath().getString("data.images[0].id");
        return UUID.fromString(id);
    }

    private ImageRecord awaitStatus(UUID id, ImageStatus status) {
        List<ImageStatus> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            ImageStatus s = queue.find(id).orElseThrow().status();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != s) {
                seen.add(s);
            }
            return s == status;
        });
        if (status == ImageStatus.PROCESSED || status == ImageStatus.FAILED) {
            assertTrue(queue.find(id).orElseThrow().attempts().size() > 0 || status == ImageStatus.PROCESSED);
        }
        return queue.find(id).orElseThrow();
    }
}
