package com.greenvue.images.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6, "inputs that must be refused clearly": one line per hostile input, each asserting the
 * status, the error code word and that nothing was queued; after each, the service is live and
 * an ordinary upload still gets 202. Every input is built in memory by {@link HostileImages}.
 */
@QuarkusTest
class HostileUploadTest {

    static final String SAFE_FILE_NAME = "[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{8}\\.webp";

    @Inject
    ImageQueue queue;

    static Stream<Arguments> hostileUploads() {
        return Stream.of(
                // decompression bombs: refused from the header, before any pixel is decoded
                Arguments.of("1 KB PNG declaring 100000x100000", 413, "image_too_large",
                        Refusals.part("bomb.png", HostileImages.pngBomb(100000, 100000))),
                Arguments.of("JPEG with a hand-built SOF0 declaring 65500x65500", 413, "image_too_large",
                        Refusals.part("bomb.jpg", HostileImages.jpegBomb(65500, 65500))),
                Arguments.of("GIF with a 65535x65535 logical screen", 413, "image_too_large",
                        Refusals.part("bomb.gif", HostileImages.gif(65535, 65535, 1, 1))),
                Arguments.of("GIF with a 10x10 screen and a 30000x30000 first frame", 413, "image_too_large",
                        Refusals.part("frame.gif", HostileImages.gif(10, 10, 30000, 30000))),
                // polyglots and lies
                Arguments.of("JPEG header followed by text", 400, "invalid_image",
                        Refusals.part("photo.jpg", HostileImages.jpegSoiThenText())),
                Arguments.of("real JPEG header, garbage as image data, end marker", 400, "invalid_image",
                        Refusals.part("photo.jpg", HostileImages.jpegHeaderThenGarbage(true))),
                Arguments.of("real JPEG header followed by garbage, no end marker", 400, "invalid_image",
                        Refusals.part("photo.jpg", HostileImages.jpegHeaderThenGarbage(false))),
                Arguments.of("GIF/JavaScript polyglot", 400, "invalid_image",
                        Refusals.part("anim.gif", HostileImages.gifScriptPolyglot())),
                Arguments.of("HTML named photo.jpg", 415, "unsupported_image_type", Refusals.part("photo.jpg", HostileImages.html())),
                Arguments.of("JavaScript named photo.png", 415, "unsupported_image_type",
                        Refusals.part("photo.png", HostileImages.javascript())),
                Arguments.of("SVG with an onload script", 415, "unsupported_image_type",
                        Refusals.part("logo.png", HostileImages.svg())),
                Arguments.of("ZIP named photo.jpg", 415, "unsupported_image_type", Refusals.part("photo.jpg", HostileImages.zip())),
                Arguments.of("empty part", 400, "empty_file", Refusals.part("empty.jpg", new byte[0])),
                // limits
                Arguments.of("11 parts (limit 10)", 413, "too_many_files", (UnaryOperator<RequestSpecification>) s -> {
                    for (int i = 0; i < 11; i++) {
                        s = s.multiPart("images", "p" + i + ".jpg", TestImages.jpeg(16, 16), "image/jpeg");
                    }
                    return s;
                }),
                Arguments.of("listing_title of 201 characters", 400, "listing_title_too_long",
                        (UnaryOperator<RequestSpecification>) s -> s
                                .multiPart("images", "ok.jpg", TestImages.jpeg(32, 32), "image/jpeg")
                                .multiPart("listing_title", "é".repeat(201))),
                Arguments.of("listing_title of 10 KB", 400, "listing_title_too_long",
                        (UnaryOperator<RequestSpecification>) s -> s
                                .multiPart("images", "ok.jpg", TestImages.jpeg(32, 32), "image/jpeg")
                                .multiPart("listing_title", "x".repeat(10_000))),
                // over quarkus.http.limits.max-form-attribute-size: the parser's 413, the one code of a too large body
                Arguments.of("listing_title of 70 KB (over the 64 KB text field limit)", 413, "request_too_large",
                        (UnaryOperator<RequestSpecification>) s -> s
                                .multiPart("images", "ok.jpg", TestImages.jpeg(32, 32), "image/jpeg")
                                .multiPart("listing_title", "x".repeat(70_000))));
    }


    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("hostileUploads")
    void refusedClearlyAndNothingQueued(String label, int status, String code, UnaryOperator<RequestSpecification> request) {
        Refusals.assertRefusedAndNothingQueued(queue, request, status, code);
    }

    /** Bodies the framework's multipart parser fails on with unchecked exceptions; each used to be a 500. */
    static Stream<Arguments> unparsableMultipart() {
        String part = "Content-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n";
        String title = "Content-Disposition: form-data; name=\"listing_title\"\r\n";
        StringBuilder manyParts = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            manyParts.append("--XYZ\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\na\r\n");
        }
        return Stream.of(
                Arguments.of("empty boundary parameter", "multipart/form-data; boundary=",
                        "--XYZ\r\n" + part + "\r\nabc\r\n--XYZ--\r\n", 400, "malformed_multipart"),
                Arguments.of("part header line without a colon", "multipart/form-data; boundary=XYZ",
                        "--XYZ\r\nNoColonHere\r\n\r\nabc\r\n--XYZ--\r\n", 400, "malformed_multipart"),
                Arguments.of("filename* with a bad percent escape", "multipart/form-data; boundary=XYZ",
                        "--XYZ\r\nContent-Disposition: form-data; name=\"images\"; filename*=UTF-8''%ZZ.jpg\r\n\r\nabc\r\n--XYZ--\r\n",
                        400, "malformed_multipart"),
                Arguments.of("filename* with an unknown charset", "multipart/form-data; boundary=XYZ",
                        "--XYZ\r\nContent-Disposition: form-data; name=\"images\"; filename*=BOGUS''a.jpg\r\n\r\nabc\r\n--XYZ--\r\n",
                        400, "malformed_multipart"),
                Arguments.of("listing_title in an unknown charset", "multipart/form-data; boundary=XYZ",
                        "--XYZ\r\n" + title + "Content-Type: text/plain; charset=bogus\r\n\r\nhello\r\n--XYZ--\r\n",
                        400, "malformed_multipart"),
                Arguments.of("listing_title in UTF-7 (unsupported by the JVM)", "multipart/form-data; boundary=XYZ",
                        "--XYZ\r\n" + title + "Content-Type: text/plain; charset=UTF-7\r\n\r\n+AGEAYg-\r\n--XYZ--\r\n",
                        400, "malformed_multipart"),
                Arguments.of("1200 tiny text parts (over the parser's limit of 1000)", "multipart/form-data; boundary=XYZ",
                        manyParts + "--XYZ--\r\n", 413, "too_many_parts"));
    }

    @ParameterizedTest(name = "{0} -> {3} {4}")
    @MethodSource("unparsableMultipart")
    void unparsableMultipartIsA4xxNotA500(String label, String contentType, String body, int status, String code) {
        Refusals.assertRefusedAndNothingQueued(queue,
                s -> s.contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                status, code);
        given().multiPart("images", "ok.jpg", TestImages.jpeg(32, 32), "image/jpeg")
                .when().post("/api/upload/listing_image").then().statusCode(202);
    }

    static Stream<Arguments> hostileTitles() {
        return Stream.of(
                Arguments.of("RTL override", "Cheap flat \u202Egpj.exe\u202C in Paris", "cheap-flat-gpj-exe-in-paris"),
                Arguments.of("control characters and line breaks", "Line\r\nFake: log line\u0000\u0007\u001B[31m",
                        "line-fake-log-line-31m"),
                Arguments.of("path traversal", "../../etc/passwd", "etc-passwd"),
                Arguments.of("bidi isolates and zero-width joiners", "\u2066Villa\u2069\u200D\u200B Nice\uFEFF", "villa-nice"),
                Arguments.of("only symbols", "\u202E\u0000<>|?*", "listing"),
                Arguments.of("URL syntax", "a?b=c#frag%2F..%2F", "a-b-c-frag-2f-2f"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTitles")
    void hostileTitlesGiveSafeAsciiFileNamesAndUrls(String label, String title, String slug) {
        JsonPath image = given().multiPart("images", "photo.jpg", TestImages.jpeg(64, 48), "image/jpeg")
                .multiPart("listing_title", title)
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .body("data.images[0].file_name", matchesPattern(slug + "-[0-9a-f]{8}\\.webp"))
                .extract().jsonPath().setRootPath("data.images[0]");
        String fileName = image.getString("file_name");
        assertTrue(fileName.matches(SAFE_FILE_NAME), fileName);
        String url = image.getString("url");
        assertTrue(url.endsWith("/storage/v1/object/public/listing-images/" + fileName), url);
        assertTrue(url.chars().allMatch(c -> c > 0x20 && c < 0x7F), "the URL is plain printable ASCII: " + url);
        given().get("/api/images/" + image.getString("id")).then().statusCode(200)
                .body("data.file_name", equalTo(fileName))
                .body("data.url", endsWith("/" + fileName));
    }

    @Test
    void hostilePartFileNamesNeverReachTheObjectName() {
        for (String name : new String[] {"../../x.webp", "..\\..\\x.webp", "/etc/cron.d/x", "%2e%2e%2fx.webp", "x\u0000.webp"}) {
            given().multiPart("images", name, TestImages.jpeg(64, 48), "image/jpeg")
                    .multiPart("listing_title", "Safe Title")
                    .when().post("/api/upload/listing_image")
                    .then().statusCode(202)
                    .body("data.images[0].file_name", matchesPattern("safe-title-[0-9a-f]{8}\\.webp"));
        }
    }

    /**
     * The bombs are refused from their headers: had any been decoded, the heap would have needed
     * gigabytes (65500 x 65500 x 4 bytes is 16 GB). A generous 64 MB bound keeps this stable.
     */
    @Test
    void heapStaysFlatWhileBombsAreRefused() {
        byte[][] bombs = {HostileImages.pngBomb(100000, 100000), HostileImages.jpegBomb(65500, 65500),
            HostileImages.gif(65535, 65535, 1, 1), HostileImages.gif(10, 10, 30000, 30000)};
        // warm up the path once so class loading does not count
        given().multiPart("images", "b", bombs[0], "image/png").post("/api/upload/listing_image").then().statusCode(413);
        long before = usedHeapAfterGc();
        for (int round = 0; round < 5; round++) {
            for (byte[] bomb : bombs) {
                given().multiPart("images", "bomb", bomb, "image/png")
                        .when().post("/api/upload/listing_image")
                        .then().statusCode(413).body("error.code", equalTo("image_too_large"));
            }
        }
        long grown = usedHeapAfterGc() - before;
        assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown / (1024 * 1024) + " MB while refusing bombs");
    }

    @AfterEach
    void serviceStaysHealthyAndAcceptsAnOrdinaryUpload() {
        given().get("/q/health/live").then().statusCode(200);
        given().multiPart("images", "fine.jpg", TestImages.jpeg(120, 80), "image/jpeg")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202).body("data.images[0].status", equalTo("pending"));
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // take the lowest of a few collections: one System.gc() is only a hint
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

}
