package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.greenvue.images.TestImages;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Set;

/** Upload and wait helpers shared by the supabase backend tests. */
final class SupabaseTestSupport {

    private SupabaseTestSupport() {
    }

    /** POSTs one 1200x900 PNG and returns the 202 answer's first image ({@code id, url, file_name, status}). */
    static JsonPath uploadOne(String title, long seed) {
        return given()
                .multiPart("images", "photo.png", TestImages.png(TestImages.photo(1200, 900, seed)), "image/png")
                .multiPart("listing_title", title)
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .extract().jsonPath().setRootPath("data.images[0]");
    }

    /** The image record once it is {@code processed} or {@code failed}, polling GET /api/images/{id}. */
    static JsonPath awaitFinished(String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = given().when().get("/api/images/" + id).then().statusCode(200)
                    .extract().jsonPath().setRootPath("data");
            return Set.of("processed", "failed").contains(last[0].getString("status"));
        });
        return last[0];
    }
}
