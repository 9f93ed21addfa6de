package com.greenvue.images.upload;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.sksamuel.scrimage.ImmutableImage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UploadPipelineTest {

    static byte[] fetchWhenReady(String url) {
        byte[][] body = new byte[1][];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response r = given().urlEncodingEnabled(false).get(url);
            if (r.statusCode() == 200) {
                assertEquals("image/webp", r.contentType());
                body[0] = r.asByteArray();
                return true;
            }
            assertEquals(404, r.statusCode());
            return false;
        });
        return body[0];
    }

    @Test
    void uploadsTwoJpegsAndPublishesWebpsResizedToAtMost640High() {
        JsonPath json = given()
                .multiPart("images", "big.jpg", TestImages.jpeg(3000, 2000), "image/jpeg")
                .multiPart("images", "small.jpg", TestImages.jpeg(400, 300), "image/jpeg")
                .multiPart("listing_title", "My Listing")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .contentType("application/json")
                .body("status", equalTo("success"))
                .body("data.message", equalTo("2 images queued for processing"))
                .body("data.image_count", equalTo(2))
                .body("data.status", equalTo("processing"))
                .body("data.images[0].status", equalTo("pending"))
                .body("data.images[0].file_name", matchesPattern("my-listing-[0-9a-f]{8}\\.webp"))
                .extract().jsonPath();

        Map<String, Object> data = json.getMap("data");
        assertEquals(Set.of("message", "image_count", "images", "status"), data.keySet());
        List<Map<String, Object>> images = json.getList("data.images");
        for (Map<String, Object> image : images) {
            assertEquals(Set.of("id", "url", "file_name", "status"), image.keySet());
            String id = (String) image.get("id");
            assertTrue(((String) image.get("file_name")).startsWith("my-listing-" + id.substring(0, 8)));
            assertTrue(((String) image.get("url")).endsWith(
                    "/storage/v1/object/public/listing-images/" + image.get("file_name")), (String) image.get("url"));
        }

        ImmutableImage big = TestImages.decode(fetchWhenReady(localUrl(images.get(0))));
        assertEquals(960, big.width);
        assertEquals(640, big.height);
        ImmutableImage small = TestImages.decode(fetchWhenReady(localUrl(images.get(1))));
        assertEquals(400, small.width);
        assertEquals(300, small.height);

        given().get("/api/images/" + images.get(0).get("id")).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data.status", equalTo("processed"))
                .body("data.retries", equalTo(0))
                .body("data.file_name", equalTo(images.get(0).get("file_name")))
                .body("data.url", equalTo(images.get(0).get("url")));
    }

    @Test
    void anImagePartWithoutAFileNameIsAnImageToo() {
        // some clients send the part with its Content-Type but no filename in Content-Disposition
        byte[] jpeg = TestImages.jpeg(400, 300);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        String head = "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"\r\nContent-Type: image/jpeg\r\n\r\n";
        body.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--XYZ\r\nContent-Disposition: form-data; name=\"listing_title\"\r\n\r\nNo Name\r\n--XYZ--\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String url = given().contentType("multipart/form-data; boundary=XYZ").body(body.toByteArray())
                .post("/api/upload/listing_image").then().statusCode(202)
                .body("data.image_count", equalTo(1))
                .body("data.images[0].file_name", matchesPattern("no-name-[0-9a-f]{8}\\.webp"))
                .extract().path("data.images[0].url");
        ImmutableImage out = TestImages.decode(fetchWhenReady(url.substring(url.indexOf("/storage/v1/"))));
        assertEquals(400, out.width);
        assertEquals(300, out.height);

        // the same bytes labelled text/plain without a filename: a text field, refused clearly (never a 500).
        // Quarkus REST does not list text fields among the file parts, so the request has no image part
        // at all: 400 no_image (UploadValidator's not_a_file_part is for a file part without its file)
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        text.writeBytes("--XYZ\r\nContent-Disposition: form-data; name=\"images\"\r\nContent-Type: text/plain\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        text.writeBytes(jpeg);
        text.writeBytes("\r\n--XYZ--\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        given().contentType("multipart/form-data; boundary=XYZ").body(text.toByteArray())
                .post("/api/upload/listing_image").then().statusCode(400).contentType("application/json")
                .body("status", equalTo("error"))
                .body("error.code", equalTo("no_image"));
    }

    @Test
    void servesObjectsWithEtagAndLongCacheControl() {
        String url = localUrl(uploadOne(TestImages.jpeg(320, 200), "etag.jpg", "ETag test"));
        byte[] body = fetchWhenReady(url);
        Response r = given().get(url);
        String etag = r.header("ETag");
        assertTrue(etag != null && !etag.isBlank());
        assertTrue(r.header("Cache-Control").contains("max-age=31536000"));
        assertEquals(body.length, r.asByteArray().length);
        given().header("If-None-Match", etag).get(url).then().statusCode(304);
    }

    @Test
    void pngWithTransparencyKeepsItsAlpha() {
        String url = localUrl(uploadOne(TestImages.halfTransparentPng(200, 100), "alpha.png", "Alpha"));
        ImmutableImage out = TestImages.decode(fetchWhenReady(url));
        assertEquals(200, out.width);
        assertEquals(100, out.height);
        assertEquals(0, out.pixel(20, 50).alpha(), "left half stays transparent");
        assertEquals(255, out.pixel(180, 50).alpha(), "right half stays opaque");
    }

    @Test
    void exifOrientationSixComesOutPortraitAndWithoutExif() {
        // stored landscape 300x200 (left red, right blue); orientation 6 = rotate 90° clockwise to view
        String url = localUrl(uploadOne(TestImages.jpegWithOrientation(300, 200, 6), "phone.jpg", "Phone"));
        byte[] webp = fetchWhenReady(url);
        ImmutableImage out = TestImages.decode(webp);
        assertEquals(200, out.width);
        assertEquals(300, out.height);
        // after a clockwise quarter turn the stored left (red) half is on top
        assertTrue(out.pixel(100, 40).red() > 200 && out.pixel(100, 40).blue() < 60, "top is red");
        assertTrue(out.pixel(100, 260).blue() > 200 && out.pixel(100, 260).red() < 60, "bottom is blue");
        assertFalse(TestImages.webpHasMetadata(webp), "no EXIF/XMP in the output");
    }

    @Test
    void unknownImageIdIs404WithTheEnvelope() {
        given().get("/api/images/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("error.code", equalTo("image_not_found"));
        given().get("/api/images/not-a-uuid").then().statusCode(404).body("status", equalTo("error"));
    }

    static Map<String, Object> uploadOne(byte[] bytes, String name, String title) {
        return given()
                .multiPart("images", name, bytes, "application/octet-stream")
                .multiPart("listing_title", title)
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .extract().jsonPath().getMap("data.images[0]");
    }

    /** The path of a returned URL, fetched from the test instance (its port is random). */
    static String localUrl(Map<String, Object> image) {
        String url = (String) image.get("url");
        return url.substring(url.indexOf("/storage/v1/"));
    }
}
