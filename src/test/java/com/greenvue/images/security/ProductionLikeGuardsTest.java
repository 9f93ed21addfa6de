package com.greenvue.images.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The admin token guards image listing and requeue too; debug endpoints do not exist. */
@QuarkusTest
@TestProfile(ProductionLikeProfile.class)
class ProductionLikeGuardsTest {

    static final String ADMIN = "Bearer " + ProductionLikeProfile.ADMIN_TOKEN;

    @Test
    void imageListingAndRequeueNeedTheAdminToken() {
        String id = java.util.UUID.randomUUID().toString();
        given().get("/api/images?status=failed").then().statusCode(401).contentType("application/json")
                .body("error.code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/api/images").then().statusCode(401);
        given().post("/api/images/retry").then().statusCode(401).body("error.code", equalTo("unauthorized"));
        given().post("/api/images/" + id + "/retry").then().statusCode(401).body("error.code", equalTo("unauthorized"));

        given().header("Authorization", ADMIN).get("/api/images?status=failed").then().statusCode(200)
                .body("status", equalTo("success"));
        given().header("Authorization", ADMIN).post("/api/images/retry").then().statusCode(200);
        given().header("Authorization", ADMIN).post("/api/images/" + id + "/retry").then().statusCode(404);
    }

    @Test
    void debugEndpointsAreAbsent() {
        given().get("/debug/image-queue-status").then().statusCode(404).contentType("application/json");
        given().contentType("application/json").body("{\"image_path\":\"x.jpg\"}").post("/debug/upload-test-image")
                .then().statusCode(404).contentType("application/json");
        // whatever the method, Content-Type or body: 404, never a 405/415/400 that shows they exist
        given().get("/debug/upload-test-image").then().statusCode(404).body("error.code", equalTo("not_found"));
        given().delete("/debug/image-queue-status").then().statusCode(404).body("error.code", equalTo("not_found"));
        given().contentType("text/plain").body("x").post("/debug/upload-test-image").then().statusCode(404);
        given().contentType("application/json").body("{not json").post("/debug/upload-test-image").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/debug;x=1/image-queue-status").then().statusCode(404);
        given().get("/debug").then().statusCode(404).contentType("application/json");
    }
}
