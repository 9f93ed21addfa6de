package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real prod configuration profile: no admin token configured means changing job calls are
 * refused with 403 (fail closed), and the debug endpoints do not exist.
 */
@QuarkusTest
@TestProfile(JobsFailClosedTest.ProdProfile.class)
class JobsFailClosedTest {

    public static class ProdProfile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // only where state goes and the port: everything else is the prod profile as shipped
            return Map.of("greenvue.data-dir", "target/prod-profile-test-data/" + java.util.UUID.randomUUID(),
                    "quarkus.http.test-port", "0", "quarkus.shutdown.delay", "0s");
        }
    }

    @Test
    void changingCallsAre403WithHowToConfigureTheToken() {
        given().contentType("application/json").body(JobsApiTest.SEED).post("/api/jobs").then().statusCode(403)
                .body("error.code", equalTo("admin_token_not_configured"))
                .body("error.message", containsString("GREENVUE_ADMIN_TOKEN"));
        given().delete("/api/jobs/process-image-queue").then().statusCode(403)
                .body("error.code", equalTo("admin_token_not_configured"));
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(403)
                .body("error.code", equalTo("admin_token_not_configured"));
    }

    @Test
    void readingStaysAllowed() {
        given().get("/api/jobs").then().statusCode(200);
    }

    @Test
    void debugEndpointsAre404WhenOff() {
        given().get("/debug/image-queue-status").then().statusCode(404).body("status", equalTo("error"))
                .body("error.code", equalTo("not_found"));
        given().contentType("application/json").body("{\"image_path\":\"x.jpg\"}").post("/debug/upload-test-image")
                .then().statusCode(404).body("error.code", equalTo("not_found"));
    }
}
