package com.greenvue.images.debug;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DebugEndpointsTest {

    @ConfigProperty(name = "greenvue.debug.images-dir")
    String imagesDir;

    @BeforeEach
    void testImages() throws Exception {
        Path dir = Files.createDirectories(Path.of(imagesDir));
        Files.write(dir.resolve("image.jpg"), TestImages.jpeg(1200, 900));
        Path outside = Files.createDirectories(Path.of("target", "outside-test-images"));
        Files.write(outside.resolve("secret.jpg"), TestImages.jpeg(50, 50));
        Path link = dir.resolve("link.jpg");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside.resolve("secret.jpg").toAbsolutePath());
    }

    @Test
    void queueStatusHasExactlyTheDocumentedShape() {
        Map<String, Object> body = given().get("/debug/image-queue-status").then().statusCode(200)
                .contentType("application/json")
                .body("queue_status.initialized", equalTo(true))
                .body("queue_status.status", equalTo("active"))
                .extract().jsonPath().getMap("");
        assertEquals(Set.of("initialized", "status"), ((Map<?, ?>) body.get("queue_status")).keySet());
        assertEquals(true, body.get("pending_count") instanceof Number, "pending_count is a number: " + body);
    }

    @Test
    void pendingCountCountsTheImagesWaiting() {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        try {
            long before = pendingCount();
            for (int i = 0; i < 2; i++) {
                given().multiPart("images", "wait-" + i + ".jpg", TestImages.jpeg(120, 90), "image/jpeg")
                        .post("/api/upload/listing_image").then().statusCode(202);
            }
            assertEquals(before + 2, pendingCount(), "the two uploads wait while the job is paused");
            Map<String, Object> body = given().get("/debug/image-queue-status").then().statusCode(200)
                    .body("queue_status.status", equalTo("paused"))
                    .extract().jsonPath().getMap("");
            Map<?, ?> counts = (Map<?, ?>) body.get("counts");
            assertEquals(((Number) counts.get("pending")).longValue() + ((Number) counts.get("retry")).longValue(),
                    ((Number) body.get("pending_count")).longValue(), "pending_count is pending plus retry: " + body);
        } finally {
            given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
        }
    }

    private static long pendingCount() {
        return given().get("/debug/image-queue-status").then().statusCode(200)
                .extract().jsonPath().getLong("pending_count");
    }

    @Test
    void uploadTestImageWithProcessNowAnswersProcessedAndTheUrlServes() {
        String url = given().contentType("application/json")
                .body("{\"listing_title\": \"Test Listing\", \"image_path\": \"image.jpg\", \"process_now\": true}")
                .post("/debug/upload-test-image").then().statusCode(200)
                .body("data.status", equalTo("processed"))
                .body("data.file_name", matchesPattern("test-listing-[0-9a-f]{8}\\.webp"))
                .extract().path("data.url");
        byte[] webp = given().get(url.substring(url.indexOf("/storage/v1/"))).then().statusCode(200)
                .contentType("image/webp").extract().asByteArray();
        var out = TestImages.decode(webp);
        assertEquals(853, out.width);
        assertEquals(640, out.height);
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(Path.of(imagesDir, "image.jpg")),
                "the operator's file is left in place");
    }

    @Test
    void pathsOutsideTheFolderAre403AndMissingFiles404() {
        for (String path : new String[] {"../outside-test-images/secret.jpg", "/etc/passwd", "link.jpg",
            "sub/../../outside-test-images/secret.jpg"}) {
            given().contentType("application/json").body("{\"image_path\": \"" + path + "\"}")
                    .post("/debug/upload-test-image").then().statusCode(403)
                    .body("error.code", equalTo("path_outside_test_images"));
        }
        given().contentType("application/json").body("{\"image_path\": \"nope.jpg\"}")
                .post("/debug/upload-test-image").then().statusCode(404)
                .body("error.code", equalTo("test_image_not_found"));
        given().contentType("application/json").body("{}")
                .post("/debug/upload-test-image").then().statusCode(400)
                .body("error.details.field", equalTo("image_path"));
    }
}
