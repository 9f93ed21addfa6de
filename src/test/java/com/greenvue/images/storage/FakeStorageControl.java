package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;

/** The test side of {@link FakeSupabaseStorage}'s {@code /__admin} routes. */
final class FakeStorageControl {

    final String url = ConfigProvider.getConfig().getValue(FakeSupabaseStorageResource.ADMIN_URL_KEY, String.class);

    /** Known keys, bucket {@code listing-images} public and empty, no failures pending. */
    void reset() {
        admin("reset?bucket=listing-images");
    }

    /** The next {@code times} uploads fail in {@code mode} (500, 429, 544, 503-in-body, 502-html, slow, drop, exists). */
    void failNextUploads(String mode, int times) {
        admin("fail?mode=" + mode + "&times=" + times);
    }

    /** Connections are refused for {@code ms}, then the fake listens again on the same port. */
    void outage(long ms) {
        admin("outage?ms=" + ms);
    }

    void keys(String service, String anon) {
        admin("keys?service=" + service + "&anon=" + anon);
    }

    void deleteBucket(String id) {
        admin("delete-bucket?id=" + id);
    }

    void putBucket(String query) {
        admin("put-bucket?" + query);
    }

    JsonPath state() {
        return given().baseUri(url).when().get("/__admin/state").then().statusCode(200).extract().jsonPath();
    }

    private void admin(String command) {
        given().baseUri(url).when().post("/__admin/" + command).then().statusCode(200);
    }
}
