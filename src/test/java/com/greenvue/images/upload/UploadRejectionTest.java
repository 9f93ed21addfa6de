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
                Arguments.of("truncated JPEG", 400, "invalid_image", Refusals.part("cut.jpg", TestImages.truncatedJpeg())),
                Arguments.of("truncated PNG", 400, "invalid_image", Refusals.part("cut.png", TestImages.truncatedPng())),
                Arguments.of("text named photo.jpg", 415, "unsupported_image_type", Refusals.part("photo.jpg", text)),
                Arguments.of("PDF", 415, "unsupported_image_type", Refusals.part("doc.pdf", pdf)),
                Arguments.of("SVG", 415, "unsupported_image_type", Refusals.part("logo.svg", svg)),
                Arguments.of("empty part", 400, "empty_file", Refusals.part("empty.jpg", new byte[0])),
                Arguments.of("part over the byte limit", 413, "file_too_large", Refusals.part("huge.jpg", overLimit)),
                Arguments.of("20000x20000 header", 413, "image_too_large",
                        Refusals.part("bomb.png", TestImages.pngHeaderDeclaring(20000, 20000))),
                Arguments.of("no file part", 400, "no_image",
                        (UnaryOperator<RequestSpecification>) s -> s.multiPart("listing_title", "Nothing")),
                Arguments.of("one good part and one bad part", 415, "unsupported_image_type",
                        (UnaryOperator<RequestSpecification>) s -> s
                                .multiPart("images", "good.jpg", TestImages.jpeg(200, 100), "image/jpeg")
                                .multiPart("images", "bad.jpg", text, "image/jpeg")));
    }


    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badUploads")
    void refusesWithAClearErrorAndQueuesNothing(String label, int status, String code,
            UnaryOperator<RequestSpecification> request) {
        Refusals.assertRefusedAndNothingQueued(queue, request, status, code);
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

}
