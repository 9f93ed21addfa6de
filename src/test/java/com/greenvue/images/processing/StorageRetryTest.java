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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Storage failures move an image through retry (each delay drawn below a ceiling that doubles per
 * attempt) to failed, or to processed once storage recovers.
 */
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
        assertDelaysWithinGrowingCeilings(id, 2);
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
        assertDelaysWithinGrowingCeilings(id, 2);
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

    /**
     * Each retry waited a delay drawn from [0, ceiling], the ceiling doubling per attempt from
     * retry-base-delay (100ms in tests) up to retry-max-delay (400ms): 100ms, 200ms, 400ms, 400ms...
     * Checked on the record itself: the delay is {@code next_attempt_at} minus the failed attempt's time.
     */
    private void assertDelaysWithinGrowingCeilings(UUID id, int expectedBackoffs) {
        // read from the record afterwards: each attempt keeps the retry time it drew (polling for the
        // retry state would miss a backoff that drew a few milliseconds)
        Map<Integer, Duration> delays = new TreeMap<>();
        List<com.greenvue.images.queue.Attempt> attempts = queue.find(id).orElseThrow().attempts();
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).retryAt() != null) {
                delays.put(i + 1, Duration.between(attempts.get(i).at(), attempts.get(i).retryAt()));
            }
        }
        assertEquals(expectedBackoffs, delays.size(), "every backoff is on the record: " + attempts);
        long[] ceilings = {100, 200, 400, 400};
        delays.forEach((attempt, delay) -> {
            assertTrue(!delay.isNegative(), "attempt " + attempt + " waits " + delay);
            assertTrue(delay.toMillis() <= ceilings[attempt - 1],
                    "backoff after attempt " + attempt + " was " + delay.toMillis() + "ms, above its ceiling of "
                            + ceilings[attempt - 1] + "ms");
        });
    }

    private ImageRecord awaitStatus(UUID id, ImageStatus status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> queue.find(id).orElseThrow().status() == status);
        return queue.find(id).orElseThrow();
    }
}
