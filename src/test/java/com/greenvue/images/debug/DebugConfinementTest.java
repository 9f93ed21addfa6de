package com.greenvue.images.debug;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.greenvue.images.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** image_path confinement beyond the basics: a symlinked directory, and encoded dots that are never decoded. */
@QuarkusTest
class DebugConfinementTest {

    @ConfigProperty(name = "greenvue.debug.images-dir")
    String imagesDir;

    @BeforeEach
    void folders() throws Exception {
        Path dir = Files.createDirectories(Path.of(imagesDir));
        Path outside = Files.createDirectories(Path.of("target", "outside-dir"));
        Files.write(outside.resolve("secret.jpg"), TestImages.jpeg(40, 40));
        Path link = dir.resolve("linked-dir");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside.toAbsolutePath());
    }

    @Test
    void fileInsideASymlinkedDirectoryIsOutside() {
        given().contentType("application/json").body("{\"image_path\": \"linked-dir/secret.jpg\"}")
                .post("/debug/upload-test-image").then().statusCode(403)
                .body("error.code", equalTo("path_outside_test_images"));
    }

    @Test
    void urlEncodedDotsAreLiteralNamesNotParentDirectories() {
        for (String path : new String[] {"%2e%2e/outside-dir/secret.jpg", "..%2foutside-dir%2fsecret.jpg",
            "%252e%252e/outside-dir/secret.jpg"}) {
            given().contentType("application/json").body("{\"image_path\": \"" + path + "\"}")
                    .post("/debug/upload-test-image").then().statusCode(404)
                    .body("error.code", equalTo("test_image_not_found"));
        }
        // the path parameter of the public object route is confined the same way
        given().get("/storage/v1/object/public/listing-images/..%2f..%2fjobs.json").then().statusCode(404)
                .body("error.code", equalTo("object_not_found"));
    }

    @Test
    void pathsNoFileSystemCanNameAre400NotA500() {
        // a NUL character, and a lone surrogate no file-name encoding can represent (InvalidPathException)
        for (String path : new String[] {"photo.jpg\\u0000.txt", "\\ud800.jpg"}) {
            given().contentType("application/json").body("{\"image_path\": \"" + path + "\"}")
                    .post("/debug/upload-test-image").then().statusCode(400).contentType("application/json")
                    .body("status", equalTo("error"))
                    .body("error.code", equalTo("invalid_image_path"))
                    .body("error.details.field", equalTo("image_path"));
        }
    }
}
