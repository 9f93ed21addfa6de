package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Local storage serves objects from disk with the ETag recorded when they were written: GET
 * streams the file with Content-Length, HEAD answers Content-Length and ETag without a body,
 * If-None-Match answers 304, and no request hashes the object again.
 */
@QuarkusTest
class LocalObjectServingTest {

    @Inject
    LocalImageStorage local;
    @Inject
    StorageConfig config;

    @Test
    void getStreamsTheObjectWithContentLengthAndTheStoredEtag() {
        byte[] bytes = random(3_000_000, 1);
        local.put("served-object-1.webp", bytes);
        String path = "/storage/v1/object/public/" + config.bucket() + "/served-object-1.webp";

        Response get = given().get(path);
        assertEquals(200, get.statusCode());
        assertEquals("image/webp", get.contentType());
        assertEquals(String.valueOf(bytes.length), get.header("Content-Length"));
        assertArrayEquals(bytes, get.asByteArray());
        String etag = get.header("ETag");
        assertEquals("\"" + LocalImageStorage.etag(bytes) + "\"", etag);

        Response head = given().head(path);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(bytes.length), head.header("Content-Length"));
        assertEquals(etag, head.header("ETag"));
        assertEquals(0, head.asByteArray().length);

        given().header("If-None-Match", etag).get(path).then().statusCode(304);
        given().header("If-None-Match", "W/" + etag).get(path).then().statusCode(304);
        given().header("If-None-Match", "\"other\", " + etag).get(path).then().statusCode(304);
        given().header("If-None-Match", "*").head(path).then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get(path).then().statusCode(200);

        // replaced by a new upsert: a new ETag at once
        byte[] replaced = random(1_000, 2);
        local.put("served-object-1.webp", replaced);
        Response again = given().get(path);
        assertArrayEquals(replaced, again.asByteArray());
        assertEquals("\"" + LocalImageStorage.etag(replaced) + "\"", again.header("ETag"));
        given().header("If-None-Match", etag).get(path).then().statusCode(200);
    }

    @Test
    void theEtagIsTheOneRecordedAtWriteTimeNotRecomputedPerRequest() throws Exception {
        byte[] bytes = random(200_000, 3);
        local.put("served-object-2.webp", bytes);
        String path = "/storage/v1/object/public/" + config.bucket() + "/served-object-2.webp";
        String etag = given().get(path).header("ETag");

        // flip bytes behind the service's back, keeping size and time: a per-request hash would change the ETag
        Path file = Path.of(config.local().dir(), config.bucket(), "served-object-2.webp");
        FileTime time = Files.getLastModifiedTime(file);
        byte[] tampered = bytes.clone();
        tampered[100] ^= 0x55;
        Files.write(file, tampered);
        Files.setLastModifiedTime(file, time);
        assertEquals(etag, given().get(path).header("ETag"));

        // an object without a recorded ETag (written by an older version) is hashed once and served
        Files.delete(file.resolveSibling("served-object-2.webp.etag"));
        Response r = given().get(path);
        assertEquals(200, r.statusCode());
        assertEquals("\"" + LocalImageStorage.etag(tampered) + "\"", r.header("ETag"));
        assertNotEquals(etag, r.header("ETag"));
        assertTrue(Files.exists(file.resolveSibling("served-object-2.webp.etag")), "recorded for the next request");

        // the record itself is never served
        given().get(path + ".etag").then().statusCode(404).contentType("application/json");
    }

    @Test
    void unknownObjectsAre404ForGetAndHead() {
        String path = "/storage/v1/object/public/" + config.bucket() + "/never-written-0.webp";
        given().get(path).then().statusCode(404).contentType("application/json")
                .body("error.code", org.hamcrest.Matchers.equalTo("object_not_found"));
        given().head(path).then().statusCode(404);
    }

    @Test
    void pollsAnsweredBeforeTheRestLayerAreTheResourcesOwn404() {
        String name = "never-written-1.webp";
        String plain = "/storage/v1/object/public/" + config.bucket() + "/" + name;
        // the plain path is answered by LocalObjectRoute, the escaped one (%2D is '-') by the resource: the same 404
        String escaped = "/storage/v1/object/public/" + config.bucket() + "/never%2Dwritten-1.webp";
        Response fast = given().urlEncodingEnabled(false).get(plain);
        Response resource = given().urlEncodingEnabled(false).get(escaped);
        assertEquals(404, fast.statusCode());
        assertEquals(404, resource.statusCode());
        assertEquals("application/json", fast.contentType());
        assertEquals(resource.asString(), fast.asString());
        assertEquals(LocalObjectResource.notFound(config.bucket(), name).getMessage(), fast.path("error.message"));
        Response head = given().head(plain);
        assertEquals(404, head.statusCode());
        assertEquals(0, head.asByteArray().length);
        // another bucket, an unsafe name: 404 the same way; once published, the same path is served with its ETag
        given().get("/storage/v1/object/public/other-bucket/" + name).then().statusCode(404)
                .body("error.code", org.hamcrest.Matchers.equalTo("object_not_found"));
        given().get("/storage/v1/object/public/" + config.bucket() + "/UPPER.webp").then().statusCode(404)
                .body("error.code", org.hamcrest.Matchers.equalTo("object_not_found"));
        byte[] bytes = random(5_000, 4);
        local.put(name, bytes);
        Response served = given().get(plain);
        assertEquals(200, served.statusCode());
        assertArrayEquals(bytes, served.asByteArray());
        assertEquals("\"" + LocalImageStorage.etag(bytes) + "\"", served.header("ETag"));
        given().head(plain).then().statusCode(200).header("ETag", "\"" + LocalImageStorage.etag(bytes) + "\"");
    }

    @Test
    void hasAgreesWithFind() throws Exception {
        local.put("found-object-1.webp", random(100, 5));
        for (String[] c : new String[][] {{config.bucket(), "found-object-1.webp"}, {config.bucket(), "missing-1.webp"},
                {"other-bucket", "found-object-1.webp"}, {config.bucket(), "../found-object-1.webp"},
                {config.bucket(), "Found.webp"}}) {
            assertEquals(local.find(c[0], c[1]).isPresent(), local.has(c[0], c[1]), c[0] + "/" + c[1]);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
