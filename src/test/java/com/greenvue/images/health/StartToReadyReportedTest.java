package com.greenvue.images.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the pipeline warm-up on (as in production), the service reports how long it took from
 * process start to ready: in the readiness data and as a gauge. Reported only, never asserted
 * against a time: speed targets live in {@code make bench-load}.
 */
@QuarkusTest
@TestProfile(StartToReadyReportedTest.WarmupOn.class)
class StartToReadyReportedTest {

    public static class WarmupOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenvue.processing.warmup", "true", "greenvue.processing.warmup-time", "0s");
        }
    }

    @Test
    void startToReadyIsInTheReadinessDataAndTheMetrics() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        Map<String, Object> data = ready.getMap("checks.find { it.name == 'pipeline-warmup' }.data");
        assertTrue(((Number) data.get("start_to_ready_ms")).longValue() > 0, "start_to_ready_ms: " + data);
        assertTrue(((Number) data.get("images")).intValue() >= 6, "JPEG baseline, progressive and PNG, two sizes each: " + data);
        assertTrue(!data.containsKey("failed"), "the warm-up ran cleanly: " + data);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("greenvue_startup_ready_seconds"), "start-to-ready gauge exported");
    }
}
