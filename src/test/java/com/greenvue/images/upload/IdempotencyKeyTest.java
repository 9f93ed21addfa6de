package com.greenvue.images.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key as payment APIs use it: the same key with the same request replays, with another request is 422. */
@QuarkusTest
class IdempotencyKeyTest {

    @Inject
    MeterRegistry metrics;

    static List<String> upload(String key, byte[] a, String title) {
        return given().header("Idempotency-Key", key).multiPart("listing_title", title)
                .multiPart("images", "a.jpg", a, "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images.id");
    }

    @Test
    void theSameKeyWithTheSameRequestReplaysTheFirstAnswer() {
        String key = "same-" + UUID.randomUUID();
        byte[] photo = TestImages.jpeg(300, 200);
        List<String> first = upload(key, photo, "Flat");
        double before = metrics.counter("greenvue.images.accepted").count();
        assertEquals(first, upload(key, photo.clone(), "Flat"));
        assertEquals(before, metrics.counter("greenvue.images.accepted").count(), "nothing new queued");
    }

    @Test
    void theSameKeyWithOtherContentIs422AndQueuesNothing() {
        String key = "reused-" + UUID.randomUUID();
        upload(key, TestImages.jpeg(300, 200), "Flat");
        double before = metrics.counter("greenvue.images.accepted").count();
        // other bytes of the same size and name
        byte[] other = TestImages.jpeg(300, 200);
        other[other.length / 2] ^= 0x55;
        for (var spec : List.of(
                given().multiPart("listing_title", "Flat").multiPart("images", "a.jpg", other, "image/jpeg"),
                given().multiPart("listing_title", "Another flat").multiPart("images", "a.jpg", TestImages.jpeg(300, 200), "image/jpeg"),
                given().multiPart("listing_title", "Flat").multiPart("images", "b.jpg", TestImages.jpeg(300, 200), "image/jpeg"))) {
            spec.header("Idempotency-Key", key).post("/api/upload/listing_image").then().statusCode(422)
                    .body("status", equalTo("error"))
                    .body("error.code", equalTo("idempotency_key_reused"))
                    .body("error.message", containsString(key));
        }
        assertEquals(before, metrics.counter("greenvue.images.accepted").count(), "nothing queued for a reused key");
    }
}
