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
    }
}
