package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.greenvue.images.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With an admin token configured every /api/jobs call needs it. */
@QuarkusTest
@TestProfile(JobsTokenTest.WithToken.class)
class JobsTokenTest {

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenvue.jobs.admin-token", "s3cret-token");
        }
    }

    @Test
    void missingTokenIs401() {
        given().get("/api/jobs").then().statusCode(401).contentType("application/json")
                .body("status", equalTo("error")).body("error.code", equalTo("unauthorized"));
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(401);
    }

    @Test
    void wrongTokenIs401AndTheMessageNeverEchoesTokens() {
        given().header("Authorization", "Bearer nope").get("/api/jobs").then().statusCode(401)
                .body("error.message", equalTo("The admin token is wrong."));
        given().header("Authorization", "Bearer s3cret-token-and-more").delete("/api/jobs/process-image-queue")
                .then().statusCode(401);
    }

    @Test
    void rightTokenIs200() {
        given().header("Authorization", "Bearer s3cret-token").get("/api/jobs").then().statusCode(200);
        given().header("Authorization", "Bearer s3cret-token").get("/api/jobs/process-image-queue").then()
                .statusCode(200).body("data.state", equalTo("active"));
    }

    @Test
    void uploadsAndImageStatusStayOpen() {
        // no Authorization header on either call: the admin token guards the jobs API only
        String id = given().multiPart("images", "open.jpg", TestImages.jpeg(160, 120), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202)
                .body("status", equalTo("success"))
                .extract().path("data.images[0].id");
        given().get("/api/images/" + id).then().statusCode(200)
                .body("data.id", equalTo(id))
                .body("data.status", notNullValue());
        given().get("/api/images/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("error.code", equalTo("image_not_found"));
    }
}
