package com.greenvue.images.processing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.FormatSamples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end for a few issue-6 variants: the upload is accepted, the worker publishes it, and the
 * served WebP is upright, colour-correct, keeps transparency and carries no metadata.
 */
@QuarkusTest
class ImageFormatsUploadTest {

    @Test
    void phoneStyleP3JpegWithGpsAndOrientation6IsServedUprightInSrgbWithoutMetadata() throws Exception {
        Color stored = new Color(210, 60, 40);
        byte[] jpeg = FormatSamples.withOrientation(FormatSamples.jpegWithAllMetadata(1200, 800), 6);
        byte[] p3 = FormatSamples.withOrientation(
                FormatSamples.jpegWithProfile(1200, 800, stored, FormatSamples.displayP3(), false), 6);
        byte[] rotated = fetch(upload(jpeg, "IMG_0001.JPG"));
        byte[] colour = fetch(upload(p3, "IMG_0002.JPG"));

        ImageFormatsTest.assertNoMetadata(rotated);
        BufferedImage r = ImageFormatsTest.decode(rotated);
        assertEquals(427, r.getWidth());
        assertEquals(640, r.getHeight());
        // orientation 6: stored top-left (red) is shown top-right, stored bottom-left (blue) top-left
        ImageFormatsTest.assertColour(r, 3 * 427 / 4, 160, FormatSamples.RED, 30);
        ImageFormatsTest.assertColour(r, 427 / 4, 160, FormatSamples.BLUE, 30);

        ImageFormatsTest.assertNoMetadata(colour);
        BufferedImage c = ImageFormatsTest.decode(colour);
        assertEquals(427, c.getWidth());
        ImageFormatsTest.assertConverted(c, stored, FormatSamples.displayP3());
    }

    @Test
    void cmykJpegAndWebpWithAlphaArePublishedCorrectly() throws Exception {
        BufferedImage cmyk = ImageFormatsTest.decode(fetch(upload(FormatSamples.cmykJpeg(800, 600), "print.jpg")));
        assertEquals(800, cmyk.getWidth());
        ImageFormatsTest.redLeftCyanRight(cmyk);

        byte[] webp = FormatSamples.webp(FormatSamples.halfTransparent(1200, 800, FormatSamples.GREEN), false);
        BufferedImage alpha = ImageFormatsTest.decode(fetch(upload(webp, "cut-out.webp")));
        assertEquals(960, alpha.getWidth());
        ImageFormatsTest.transparentLeftOpaqueRight(alpha, FormatSamples.GREEN);
    }

    private static String upload(byte[] bytes, String name) {
        Map<String, Object> image = given()
                .multiPart("images", name, bytes, "application/octet-stream")
                .multiPart("listing_title", "Formats")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .extract().jsonPath().getMap("data.images[0]");
        String url = (String) image.get("url");
        return url.substring(url.indexOf("/storage/v1/"));
    }

    private static byte[] fetch(String path) {
        byte[][] body = new byte[1][];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response r = given().urlEncodingEnabled(false).get(path);
            if (r.statusCode() == 200) {
                body[0] = r.asByteArray();
                return true;
            }
            assertEquals(404, r.statusCode());
            return false;
        });
        return body[0];
    }
}
