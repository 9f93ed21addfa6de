package com.greenvue.images.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With SUPABASE_JWT_SECRET set, uploads need a valid HS256 Supabase user token (aud
 * "authenticated", a sub, not expired); everything else is a 401 envelope and nothing is queued.
 */
@QuarkusTest
@TestProfile(ProductionLikeProfile.class)
class UploadAuthenticationTest {

    static final String SECRET = ProductionLikeProfile.JWT_SECRET;

    @Inject
    ImageQueue queue;

    static String userToken(String secret, Instant expiresAt) {
        return Jwt.claims().subject("3f1c2a7e-user").audience("authenticated").claim("role", "authenticated")
                .issuer("https://project.supabase.co/auth/v1").issuedAt(expiresAt.minusSeconds(3600))
                .expiresAt(expiresAt).signWithSecret(secret);
    }

    static String unsigned(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static Stream<Arguments> refusedTokens() {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"u1\",\"aud\":\"authenticated\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        return Stream.of(
                Arguments.of("no Authorization header", null, "missing_token"),
                Arguments.of("Basic instead of Bearer", "Basic dXNlcjpwYXNz", "missing_token"),
                Arguments.of("empty bearer", "Bearer ", "missing_token"),
                Arguments.of("not a JWT", "Bearer hello", "invalid_token"),
                Arguments.of("signed with another secret", "Bearer " + userToken("another-secret-also-at-least-32-characters-long",
                        Instant.now().plusSeconds(3600)), "invalid_token"),
                Arguments.of("expired an hour ago", "Bearer " + userToken(SECRET, Instant.now().minusSeconds(3600)),
                        "invalid_token"),
                Arguments.of("alg none", "Bearer " + unsigned(claims), "invalid_token"),
                Arguments.of("alg none with the real signature stripped", "Bearer "
                        + stripSignature(userToken(SECRET, Instant.now().plusSeconds(3600))), "invalid_token"),
                Arguments.of("anon key style token (aud missing)", "Bearer " + Jwt.claims().subject("anon")
                        .claim("role", "anon").issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600))
                        .signWithSecret(SECRET), "invalid_token"),
                Arguments.of("no sub", "Bearer " + Jwt.claims().audience("authenticated").issuedAt(Instant.now())
                        .expiresAt(Instant.now().plusSeconds(3600)).signWithSecret(SECRET), "invalid_token"));
    }

    private static String stripSignature(String jwt) {
        return jwt.substring(0, jwt.lastIndexOf('.') + 1);
    }

    @ParameterizedTest(name = "{0} -> 401 {2}")
    @MethodSource("refusedTokens")
    void refusedWith401EnvelopeAndNothingQueued(String label, String authorization, String code) {
        long before = total(queue.counts());
        var request = given().multiPart("images", "photo.jpg", TestImages.jpeg(64, 48), "image/jpeg");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        String body = request.when().post("/api/upload/listing_image")
                .then().statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo("error"))
                .body("error.code", equalTo(code))
                .extract().asString();
        if (authorization != null && authorization.length() > 20) {
            org.junit.jupiter.api.Assertions.assertFalse(body.contains(authorization.substring(7)), "the token is never echoed");
        }
        assertEquals(before, total(queue.counts()), "nothing from a refused request is queued");
        validUploadStillWorks();
    }

    /**
     * Every way of spelling a path that may reach the upload: the token is checked on the route the REST
     * layer matched, so no spelling reaches the upload without one.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/api/upload;x=1/listing_image",
        "/api/upload/listing_image;jsessionid=1", "/api;a=b/upload/listing_image", "/api//upload/listing_image",
        "//api/upload/listing_image", "/api/%75pload/listing_image", "/api/upload/listing_image/",
        "/api/upload/listing_image//", "/API/upload/listing_image", "/api/UPLOAD/listing_image",
        "/api/upload/Listing_Image", "/api/upload%2Flisting_image", "/api/upload%2flisting_image",
        "/api%2Fupload%2Flisting_image", "/api/upload/../upload/listing_image", "/api/jobs/../upload/listing_image",
        "/api/upload/./listing_image", "/api/upload/%2E%2E/upload/listing_image", "/api/upload/listing_image?x=1",
        "/api/upload/listing_image%3Bx=1", "/api/upload/listing_image%00", "/api/upload/listing_image;"})
    void pathVariantsThatReachTheUploadStillNeedAToken(String path) {
        long before = total(queue.counts());
        int status = given().urlEncodingEnabled(false)
                .multiPart("images", "photo.jpg", TestImages.jpeg(64, 48), "image/jpeg")
                .when().post(path).then().extract().statusCode();
        // refused before the upload (401), or not an upload path at all (404, 400): never accepted
        org.junit.jupiter.api.Assertions.assertTrue(status == 401 || status == 404 || status == 400,
                path + " answered " + status);
        assertEquals(before, total(queue.counts()), "nothing queued through " + path);
        int withToken = given().urlEncodingEnabled(false)
                .header("Authorization", "Bearer " + userToken(SECRET, Instant.now().plusSeconds(3600)))
                .multiPart("images", "photo.jpg", TestImages.jpeg(64, 48), "image/jpeg")
                .when().post(path).then().extract().statusCode();
        if (status == 401) {
            assertEquals(202, withToken, path + " is an upload path: with a token it uploads");
        }
    }

    @Test
    void aLargeUploadWithoutATokenIsAnsweredBeforeItsBodyIsSent() throws Exception {
        // the refusal is decided after the route matched but before the body is read: the client is not
        // made to send 50 MB to learn that it needs a token
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/upload/listing_image HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: " + (50 * 1024 * 1024)
                    + "\r\n\r\n--XYZ\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = new byte[2048];
            int n = socket.getInputStream().read(head);
            String answer = new String(head, 0, Math.max(n, 0), StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            org.junit.jupiter.api.Assertions.assertTrue(answer.contains("missing_token") || answer.contains("WWW-Authenticate"),
                    answer);
        }
        validUploadStillWorks();
    }

    @Test
    void validUnexpiredUserTokenUploads() {
        validUploadStillWorks();
    }

    @Test
    void adminBearerTokenStillWorksOnJobsWithJwtEnabled() {
        // the JWT extension must not mistake the admin token for a JWT
        given().header("Authorization", "Bearer " + ProductionLikeProfile.ADMIN_TOKEN).get("/api/jobs")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + userToken(SECRET, Instant.now().plusSeconds(600)))
                .get("/api/jobs").then().statusCode(401).body("error.code", equalTo("unauthorized"));
    }

    @Test
    void imageStatusStaysPublic() {
        given().get("/api/images/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("error.code", not(equalTo("missing_token")));
    }

    private void validUploadStillWorks() {
        given().header("Authorization", "Bearer " + userToken(SECRET, Instant.now().plusSeconds(3600)))
                .multiPart("images", "fine.jpg", TestImages.jpeg(120, 80), "image/jpeg")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202).body("data.image_count", equalTo(1));
    }

    private static long total(QueueCounts c) {
        return c.pending() + c.processing() + c.retry() + c.processed() + c.failed();
    }
}
