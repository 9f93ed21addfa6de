package com.greenvue.images.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The embedded default: nothing to reach, so storage is ready and says which backend it is. */
@QuarkusTest
class StorageReadinessReportsLocalBackendTest {

    @Test
    void localBackendIsReadyWithBackendLocal() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'storage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'storage' }.data.backend", equalTo("local"));
    }
}
