package com.greenvue.images.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad upload gets a clear 4xx JSON error naming the problem, nothing of the request is
 * queued, and the service stays healthy: an ordinary upload still works right after.
 */
@QuarkusTest
class UploadRejectionTest {

    @Inject
    ImageQueue queue;

    static Stream<Arguments> badUploads() {
        byte[] text = "just some text, not a photo".getBytes(StandardCharsets.UTF_8);
        byte[] pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".getBytes(StandardCharsets.ISO_8859_1);
        byte[] svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] overLimit = new byte[(int) (20 * 1024 * 1024) + 1];
        System.arraycopy(TestImages.jpeg(64, 64), 0, overLimit, 0, 100);
        return Stream.of(
                Arguments.of("truncated JPEG", 400, "invalid_image", part("cut.jpg", TestImages.truncatedJpeg())),
                Arguments.of("truncated PNG", 400, "invalid_image", part("cut.png", TestImages.truncatedPng())),
                Arguments.of("text named photo.jpg", 415, "unsupported_image_type", part("photo.jpg", text)),
                Arguments.of("PDF", 415, "unsupported_image_type", part("doc.pdf", pdf)),
                Arguments.of("SVG", 415, "unsupported_image_type", part("logo.svg", svg)),
                Arguments.of("empty part", 400, "empty_file", part("empty.jpg", new byte[0])),
                Arguments.of("part over the byte limit", 413, "file_too_large", part("huge.jpg", overLimit)),
                Arguments.of("20000x20000 header", 413, "image_too_large",
                        part("bomb.png", TestImages.pngHeaderDeclaring(20000, 20000))),
                Arguments.of("no file part", 400, "no_image",
                        (UnaryOperator<RequestSpecification>) s -> s.multiPart("listing_title", "Nothing")),
                Arguments.of("one good part and one bad part", 415, "unsupported_image_type",
                        (UnaryOperator<RequestSpecification>) s -> s
                                .multiPart("images", "good.jpg", TestImages.jpeg(200, 100), "image/jpeg")
                                .multiPart("images", "bad.jpg", text, "image/jpeg")),
                Arguments.of("too many parts", 413, "too_many_files", (UnaryOperator<RequestSpecification>) s -> {
                    for (int i = 0; i < 11; i++) {
                        s = s.multiPart("images", "p" + i + ".jpg", TestImages.jpeg(16, 16), "image/jpeg");
                    }
                    return s;
                }),
                Arguments.of("listing_title over 200 characters", 400, "listing_title_too_long",
                        (UnaryOperator<RequestSpecification>) s -> s
                                .multiPart("images", "ok.jpg", TestImages.jpeg(32, 32), "image/jpeg")
                                .multiPart("listing_title", "x".repeat(201))));
    }

    private static UnaryOperator<RequestSpecification> part(String name, byte[] bytes) {
        return s -> s.multiPart("images", name, bytes, "image/jpeg").multiPart("listing_title", "Bad");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badUploads")
    void refusesWithAClearErrorAndQueuesNothing(String label, int status, String code,
            UnaryOperator<RequestSpecification> request) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void errorsNameThePartThatWasRefused(String label, int status, String code,
            UnaryOperator<RequestSpecification> request) {
        if (!label.contains("JPEG") && !label.contains("PNG") && !label.contains("PDF") && !label.contains("SVG")) {
            return;
        }
        request.apply(given()).when().post("/api/upload/listing_image")
                .then().statusCode(status)
                .body("error.details.part", equalTo("images"))
                .body("error.message", containsString("Nothing from this request was queued"));
    }

    @AfterEach
    void serviceStaysHealthyAndAcceptsAnOrdinaryUpload() {
        given().get("/q/health/live").then().statusCode(200);
        given().multiPart("images", "fine.jpg", TestImages.jpeg(120, 80), "image/jpeg")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202);
    }

    private static long total(QueueCounts c) {
        return c.pending() + c.processing() + c.retry() + c.processed() + c.failed();
    }
}
