package com.greenvue.images.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import io.restassured.specification.RequestSpecification;
import java.util.function.UnaryOperator;

/** The one way upload refusals are checked: status, error code word, a message, and nothing queued. */
final class Refusals {

    private Refusals() {
    }

    /** A request with one image part {@code name} holding {@code bytes}. */
    static UnaryOperator<RequestSpecification> part(String name, byte[] bytes) {
        return s -> s.multiPart("images", name, bytes, "image/jpeg").multiPart("listing_title", "Refused");
    }

    static void assertRefusedAndNothingQueued(ImageQueue queue, UnaryOperator<RequestSpecification> request,
            int status, String code) {
        long before = total(queue.counts());
        request.apply(given())
                .when().post("/api/upload/listing_image")
                .then().statusCode(status)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("error.code", equalTo(code))
                .body("error.message", notNullValue());
        assertEquals(before, total(queue.counts()), "nothing from a refused request is queued");
    }

    static long total(QueueCounts c) {
        return c.pending() + c.processing() + c.retry() + c.processed() + c.failed();
    }
}
