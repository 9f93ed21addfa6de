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

    /** Whatever the spelling of a changing call's path, production without a token refuses it (or has no such route). */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/api/jobs/process-image-queue/pause;x=1",
        "/api/jobs;x=1/process-image-queue/pause", "/api//jobs/process-image-queue/pause", "/api/jobs/process-image-queue/pause/",
        "/api/jobs/../jobs/process-image-queue/pause", "/api/%6Aobs/process-image-queue/pause",
        "/API/jobs/process-image-queue/pause", "/api/jobs/process-image-queue%2Fpause", "/api/images/retry;x=1",
        "/api//images/retry"})
    void changingCallsStayClosedWhateverThePathSpelling(String path) {
        int status = given().urlEncodingEnabled(false).post(path).then().extract().statusCode();
        // 405: the spelling names another route (POST /api/jobs/{id} with id "process-image-queue/pause" does not exist)
        org.junit.jupiter.api.Assertions.assertTrue(status == 403 || status == 404 || status == 405 || status == 400,
                path + " answered " + status);
        given().get("/api/jobs/process-image-queue").then().statusCode(200).body("data.state", equalTo("active"));
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
