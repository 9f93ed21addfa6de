package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recognisable secrets (service key, admin token, JWT secret) are configured, failing calls are
 * made on every path that touches them, and neither the captured log nor any answer — errors,
 * image records, /q/health — contains them. Object keys are checked to be slug-id.webp only.
 */
@QuarkusTest
@TestProfile(SecretsNeverLeakTest.Secrets.class)
@WithTestResource(FakeSupabaseStorageResource.class)
class SecretsNeverLeakTest {

    static final String ADMIN_TOKEN = "ADMIN-TOKEN-CANARY-5e1f";
    static final String JWT_SECRET = "JWT-SECRET-CANARY-0123456789abcdef0123456789";

    public static class Secrets extends SupabaseBackendProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("greenvue.jobs.admin-token", ADMIN_TOKEN);
            config.put("greenvue.auth.jwt-secret", JWT_SECRET);
            // the deprecated name of max-attempts, still honoured
            config.put("greenvue.queue.max-retries", "1");
            config.put("quarkus.log.category.\"com.greenvue\".level", "DEBUG");
            return config;
        }
    }

    final FakeStorageControl fake = new FakeStorageControl();
    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " "
                        + (r.getThrown() == null ? "" : stackTrace(r.getThrown())));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final List<String> answers = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        fake.reset();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void secretsAppearInNoLogLineAndNoAnswer() {
        String token = io.smallrye.jwt.build.Jwt.claims().subject("u1").audience("authenticated")
                .expiresAt(java.time.Instant.now().plusSeconds(600)).signWithSecret(JWT_SECRET);
        // uploads refused without, with a wrong and with a forged token
        for (String auth : new String[] {null, "Bearer wrong", "Bearer " + token + "x", "Bearer " + JWT_SECRET}) {
            var r = given().multiPart("images", "a.jpg", TestImages.jpeg(32, 32), "image/jpeg");
            answers.add((auth == null ? r : r.header("Authorization", auth)).post("/api/upload/listing_image")
                    .then().statusCode(401).extract().asString());
        }
        // admin calls with wrong tokens
        answers.add(given().header("Authorization", "Bearer nope").get("/api/jobs").then().statusCode(401).extract().asString());
        answers.add(given().get("/api/images").then().statusCode(401).extract().asString());
        // storage refuses our key, then fails with 500s: the image fails, its error is public
        fake.keys("some-other-service-key", "some-other-anon-key");
        String refused = upload(token, "Key Refused");
        fake.reset();
        fake.failNextUploads("500", 10);
        String failing = upload(token, "Storage Down");
        for (String id : new String[] {refused, failing}) {
            answers.add(SupabaseTestSupport.awaitFinished(id).prettify());
        }
        answers.add(given().header("Authorization", "Bearer " + ADMIN_TOKEN).get("/api/images?status=failed")
                .then().statusCode(200).extract().asString());
        answers.add(given().header("Authorization", "Bearer " + ADMIN_TOKEN).get("/api/jobs")
                .then().statusCode(200).extract().asString());
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/health/started",
            "/q/metrics", "/q/openapi", "/q/dev-ui", "/q/info"}) {
            answers.add(given().get(path).then().extract().asString());
        }

        List<String> lines;
        synchronized (logged) {
            lines = new ArrayList<>(logged);
        }
        assertTrue(lines.size() > 3, "the failing calls were logged: " + lines.size() + " lines");
        for (String secret : new String[] {FakeSupabaseStorageResource.SERVICE_KEY, ADMIN_TOKEN, JWT_SECRET}) {
            for (String line : lines) {
                assertFalse(line.contains(secret), "a log line holds a secret: " + line);
            }
            for (String answer : answers) {
                assertFalse(answer.contains(secret), "an answer holds a secret: " + answer);
            }
        }
    }

    @Test
    void objectKeysAreOnlySlugAndId() {
        String token = io.smallrye.jwt.build.Jwt.claims().subject("u1").audience("authenticated")
                .expiresAt(java.time.Instant.now().plusSeconds(600)).signWithSecret(JWT_SECRET);
        String id = given().header("Authorization", "Bearer " + token)
                .multiPart("images", "../../../x.webp", TestImages.jpeg(200, 100), "image/jpeg")
                .multiPart("listing_title", "../../other-bucket/\u202Eevil\r\nname")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id");
        assertEquals("processed", SupabaseTestSupport.awaitFinished(id).getString("status"));
        Map<String, Object> objects = fake.state().getMap("objects");
        assertEquals(1, objects.size(), objects.toString());
        String key = objects.keySet().iterator().next();
        assertTrue(key.matches("listing-images/other-bucket-evil-name-[0-9a-f]{8}\\.webp"), key);
    }

    private String upload(String token, String title) {
        return given().header("Authorization", "Bearer " + token)
                .multiPart("images", "p.png", TestImages.png(TestImages.photo(300, 200, 3)), "image/png")
                .multiPart("listing_title", title)
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id");
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
