package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
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

/** Storage outages: retries with bounded growing delays, dead letters, and requeue once storage is back. */
@QuarkusTest
class DeadLettersTest {

    @Inject
    ImageQueue queue;
    @Inject
    Backoff backoff;
    @Inject
    LocalImageStorage local;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Test
    void backoffDelaysStayUnderAGrowingCeiling() {
        List<Long> maxima = new ArrayList<>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            long max = 0;
            for (int i = 0; i < 300; i++) {
                long ms = backoff.delay(attempt).toMillis();
                long ceiling = Math.min(400, 100L << (attempt - 1));
                assertTrue(ms >= 0 && ms <= ceiling, "attempt " + attempt + ": " + ms + " > " + ceiling);
                max = Math.max(max, ms);
            }
            maxima.add(max);
        }
        assertTrue(maxima.get(0) < maxima.get(1) && maxima.get(1) < maxima.get(2), "ceilings grow: " + maxima);
        assertTrue(maxima.get(3) <= 400, "capped at retry-max-delay");
    }

    @Test
    void aShortOutageEndsWithEveryImageProcessed() {
        FaultyStorage storage = FaultyStorage.failing(local, 4);
        QuarkusMock.installMockForType(storage, ImageStorage.class);
        List<UUID> ids = upload(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED));
        int retried = ids.stream().mapToInt(id -> queue.find(id).orElseThrow().retries()).sum();
        assertEquals(4, retried, "each failed put was one retry");
    }

    @Test
    void failedImagesAreListedAndRequeuedOnceStorageIsBack() {
        FaultyStorage storage = FaultyStorage.downForGood(local);
        QuarkusMock.installMockForType(storage, ImageStorage.class);
        List<UUID> ids = upload(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> queue.find(id).orElseThrow().status() == ImageStatus.FAILED));

        List<String> listed = given().get("/api/images?status=failed&limit=500").then().statusCode(200)
                .body("data.total", greaterThanOrEqualTo(3))
                .body("data.images.id", hasItems(ids.stream().map(UUID::toString).toArray(String[]::new)))
                .extract().path("data.images.id");
        assertTrue(listed.size() >= 3);
        given().get("/api/images?status=failed&limit=1&offset=0").then().statusCode(200)
                .body("data.images.size()", equalTo(1)).body("data.limit", equalTo(1));
        given().get("/api/images?status=bogus").then().statusCode(400)
                .body("error.code", equalTo("invalid_status")).body("error.details.field", equalTo("status"));
        given().get("/api/images?limit=0").then().statusCode(400)
                .body("error.code", equalTo("invalid_limit")).body("error.details.field", equalTo("limit"));

        storage.down.set(false);
        given().post("/api/images/" + ids.get(0) + "/retry").then().statusCode(200)
                .body("data.status", equalTo("pending")).body("data.retries", equalTo(0));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> queue.find(ids.get(0)).orElseThrow().status() == ImageStatus.PROCESSED);
        given().post("/api/images/" + ids.get(0) + "/retry").then().statusCode(409).body("error.code", equalTo("not_failed"));

        given().post("/api/images/retry").then().statusCode(200).body("data.requeued", greaterThanOrEqualTo(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED));
        given().post("/api/images/" + UUID.randomUUID() + "/retry").then().statusCode(404)
                .body("error.code", equalTo("image_not_found"));
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndOneSetOfObjects() {
        String key = "order-" + UUID.randomUUID();
        List<String> first = given().header("Idempotency-Key", key)
                .multiPart("images", "a.jpg", TestImages.jpeg(300, 200), "image/jpeg")
                .multiPart("images", "b.jpg", TestImages.jpeg(200, 300), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202)
                .extract().path("data.images.id");
        // the accepted counter only grows (record counts can shrink meanwhile: retention forgets processed ones)
        double before = metrics.counter("greenvue.images.accepted").count();
        List<String> second = given().header("Idempotency-Key", key)
                .multiPart("images", "a.jpg", TestImages.jpeg(300, 200), "image/jpeg")
                .multiPart("images", "b.jpg", TestImages.jpeg(200, 300), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202)
                .body("data.images[0].status", equalTo("pending"))
                .extract().path("data.images.id");
        assertEquals(first, second);
        assertEquals(before, metrics.counter("greenvue.images.accepted").count(), "no new images for a replay");
        given().header("Idempotency-Key", "bad key with spaces")
                .multiPart("images", "a.jpg", TestImages.jpeg(30, 20), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(400)
                .body("error.code", equalTo("invalid_idempotency_key"));
    }

    private static List<UUID> upload(int n) {
        var spec = given();
        for (int i = 0; i < n; i++) {
            spec = spec.multiPart("images", "d" + i + ".jpg", TestImages.jpeg(240, 180), "image/jpeg");
        }
        List<String> ids = spec.post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images.id");
        return ids.stream().map(UUID::fromString).toList();
    }
}
