package com.greenvue.images.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin token is checked on the route the REST layer matched, not on the path as the client spelled
 * it: no spelling of an operators' call (matrix parameters, repeated or trailing slashes, encoded
 * characters, dot segments, case) reaches it without the token, and with the token each one behaves
 * as the plain path does (or is no route at all).
 */
@QuarkusTest
@TestProfile(ProductionLikeProfile.class)
class AdminPathVariantsTest {

    static final String ADMIN = "Bearer " + ProductionLikeProfile.ADMIN_TOKEN;
    static final String JOB = "process-image-queue";
    /** Deleting calls name a job that does not exist: with the token they answer 404, and nothing is lost. */
    static final String GONE = "no-such-job";

    static Stream<Arguments> variants() {
        String id = java.util.UUID.randomUUID().toString();
        return Stream.of(
                // reading jobs
                Arguments.of("GET", "/api/jobs;x=1"), Arguments.of("GET", "/api/jobs/"), Arguments.of("GET", "/api//jobs"),
                Arguments.of("GET", "//api/jobs"), Arguments.of("GET", "/api;a=b/jobs"), Arguments.of("GET", "/api/%6Aobs"),
                Arguments.of("GET", "/API/jobs"), Arguments.of("GET", "/api/JOBS"), Arguments.of("GET", "/api/jobs/../jobs"),
                Arguments.of("GET", "/api/images/../jobs"), Arguments.of("GET", "/api/jobs/./"),
                Arguments.of("GET", "/api/jobs/%2E%2E/jobs"), Arguments.of("GET", "/api%2Fjobs"),
                Arguments.of("GET", "/api/jobs/" + JOB + ";x=1"), Arguments.of("GET", "/api/jobs;x=1/" + JOB),
                Arguments.of("GET", "/api/jobs%2F" + JOB), Arguments.of("GET", "/api/jobs//" + JOB),
                // changing jobs
                Arguments.of("POST", "/api/jobs/" + JOB + "/pause;x=1"), Arguments.of("POST", "/api/jobs;x=1/" + JOB + "/pause"),
                Arguments.of("POST", "/api/jobs/" + JOB + "/pause/"), Arguments.of("POST", "/api//jobs/" + JOB + "/pause"),
                Arguments.of("POST", "/api/jobs/" + JOB + "%2Fpause"), Arguments.of("POST", "/api/jobs/%70rocess-image-queue/pause"),
                Arguments.of("POST", "/API/jobs/" + JOB + "/pause"), Arguments.of("POST", "/api/jobs/../jobs/" + JOB + "/pause"),
                Arguments.of("POST", "/api/images/../jobs/" + JOB + "/pause"), Arguments.of("DELETE", "/api/jobs/" + GONE + ";x=1"),
                Arguments.of("DELETE", "/api/jobs/./" + GONE), Arguments.of("DELETE", "/api//jobs//" + GONE + "/"),
                Arguments.of("DELETE", "/api/jobs;x=1/" + GONE), Arguments.of("DELETE", "/API/jobs/" + GONE),
                // listing and requeueing images
                Arguments.of("GET", "/api/images;x=1"), Arguments.of("GET", "/api/images/"), Arguments.of("GET", "/api//images"),
                Arguments.of("GET", "/api/%69mages"), Arguments.of("GET", "/api/jobs/../images"),
                Arguments.of("POST", "/api/images/retry;x=1"), Arguments.of("POST", "/api/images/retry/"),
                Arguments.of("POST", "/api/images//retry"), Arguments.of("POST", "/api/images/%72etry"),
                Arguments.of("POST", "/api/images/" + id + "/retry;x"), Arguments.of("POST", "/api/images/" + id + "%2Fretry"),
                Arguments.of("POST", "/api/images/" + id + "/retry/"), Arguments.of("POST", "/api;v=1/images/" + id + "/retry"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void noSpellingReachesAnOperatorsCallWithoutTheToken(String method, String path) {
        Response without = given().urlEncodingEnabled(false).request(method, path);
        int status = without.statusCode();
        assertTrue(status == 401 || status == 404 || status == 405 || status == 400, method + " " + path + " answered "
                + status + " without the token: " + without.asString());
        assertEquals("error", without.jsonPath().getString("status"), "an error envelope: " + without.asString());
        Response wrong = given().urlEncodingEnabled(false).header("Authorization", "Bearer wrong").request(method, path);
        assertEquals(status, wrong.statusCode(), method + " " + path + " with a wrong token");
        theJobWasNeverChanged();
        if (status == 401) {
            assertEquals("unauthorized", without.jsonPath().getString("error.code"));
            int with = given().urlEncodingEnabled(false).header("Authorization", ADMIN).request(method, path).statusCode();
            assertTrue(with != 401 && with != 403, method + " " + path + " is an operators' call: with the token it is "
                    + "served (" + with + ")");
        }
    }

    private static void theJobWasNeverChanged() {
        given().header("Authorization", ADMIN).get("/api/jobs/" + JOB).then().statusCode(200)
                .body("data.state", equalTo("active"));
    }

    @AfterEach
    void resumeWhatTheTokenPaused() {
        given().header("Authorization", ADMIN).post("/api/jobs/" + JOB + "/resume").then().statusCode(200);
    }
}
