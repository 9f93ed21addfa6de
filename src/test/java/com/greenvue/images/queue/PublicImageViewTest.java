package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GET /api/images/{id}: anyone with the id sees only what a client needs; the lease owner (host
 * and process), request id, idempotency key, part name, listing title and attempts are for the
 * admin token.
 */
@QuarkusTest
@TestProfile(AdminTokenProfile.class)
class PublicImageViewTest {

    static final String ADMIN = "Bearer " + AdminTokenProfile.ADMIN_TOKEN;
    static final Set<String> PUBLIC_FIELDS = Set.of("id", "url", "file_name", "status", "error", "retries",
            "created_at", "updated_at", "processed_at", "next_attempt_at");

    @Test
    void withoutTheAdminTokenOnlyThePublicFieldsAreShown() {
        String id = given().multiPart("images", "photo.jpg", TestImages.jpeg(320, 240), "image/jpeg")
                .multiPart("listing_title", "Secret Listing Title")
                .header("Idempotency-Key", "client-key-42")
                .header("X-Request-Id", "req-public-view")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202).extract().jsonPath().getString("data.images[0].id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                "processed".equals(given().get("/api/images/" + id).jsonPath().getString("data.status")));

        JsonPath pub = given().get("/api/images/" + id).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data.id", equalTo(id))
                .body("data.status", equalTo("processed"))
                .body("data.retries", equalTo(0))
                .extract().jsonPath();
        Map<String, Object> data = pub.getMap("data");
        assertEquals(PUBLIC_FIELDS, data.keySet());
        assertTrue(pub.getString("data.url").endsWith("/" + pub.getString("data.file_name")));
        assertTrue(pub.getString("data.processed_at") != null);
        String body = given().get("/api/images/" + id).asString();
        for (String secret : new String[] {"Secret Listing Title", "client-key-42", "req-public-view", "lease_owner",
                "attempts", "part_name"}) {
            assertTrue(!body.contains(secret), secret + " leaked into the public view: " + body);
        }
        // a wrong token is no admin token: the public view, not a 401 (reading one image stays open)
        assertEquals(PUBLIC_FIELDS, given().header("Authorization", "Bearer wrong").get("/api/images/" + id)
                .then().statusCode(200).extract().jsonPath().getMap("data").keySet());
    }

    @Test
    void withTheAdminTokenTheFullRecordIsShown() {
        String id = given().multiPart("images", "photo.jpg", TestImages.jpeg(320, 240), "image/jpeg")
                .multiPart("listing_title", "Operator Listing")
                .header("Idempotency-Key", "client-key-43")
                .header("X-Request-Id", "req-admin-view")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202).extract().jsonPath().getString("data.images[0].id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                "processed".equals(given().get("/api/images/" + id).jsonPath().getString("data.status")));
        JsonPath full = given().header("Authorization", ADMIN).get("/api/images/" + id).then().statusCode(200)
                .body("data.listing_title", equalTo("Operator Listing"))
                .body("data.idempotency_key", equalTo("client-key-43"))
                .body("data.request_id", equalTo("req-admin-view"))
                .body("data.part_name", equalTo("images"))
                .extract().jsonPath();
        Map<String, Object> data = full.getMap("data");
        assertTrue(data.keySet().containsAll(PUBLIC_FIELDS), data.keySet().toString());
        assertTrue(data.containsKey("lease_owner") && data.containsKey("attempts"), data.keySet().toString());

        // the admin listing shows full records; it needs the token here
        given().get("/api/images?status=processed").then().statusCode(401).body("error.code", equalTo("unauthorized"));
        given().header("Authorization", ADMIN).get("/api/images?status=processed&limit=500").then().statusCode(200)
                .body("data.images.find { it.id == '" + id + "' }.request_id", equalTo("req-admin-view"));
    }
}
