package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As in production: no admin token configured means changing calls are refused with 403 (fail closed). */
@QuarkusTest
@TestProfile(JobsFailClosedTest.ProductionDefaults.class)
class JobsFailClosedTest {

    public static class ProductionDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenvue.jobs.open-without-token", "false", "greenvue.debug.enabled", "false");
        }
    }

    @Test
    void changingCallsAre403WithHowToConfigureTheToken() {
        given().contentType("application/json").body(JobsApiTest.SEED).post("/api/jobs").then().statusCode(403)
                .body("error.code", equalTo("admin_token_not_configured"))
                .body("error.message", containsString("GREENVUE_ADMIN_TOKEN"));
        given().delete("/api/jobs/process-image-queue").then().statusCode(403);
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(403);
    }

    @Test
    void readingStaysAllowed() {
        given().get("/api/jobs").then().statusCode(200);
    }

    @Test
    void debugEndpointsAre404WhenOff() {
        given().get("/debug/image-queue-status").then().statusCode(404).body("status", equalTo("error"));
        given().contentType("application/json").body("{\"image_path\":\"x.jpg\"}").post("/debug/upload-test-image")
                .then().statusCode(404);
    }
}
