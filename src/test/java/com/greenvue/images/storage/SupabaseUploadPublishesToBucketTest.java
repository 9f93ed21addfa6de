package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sksamuel.scrimage.ImmutableImage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SupabaseBackendProfile.class)
@WithTestResource(FakeSupabaseStorageResource.class)
class SupabaseUploadPublishesToBucketTest {

    final FakeStorageControl fake = new FakeStorageControl();

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void uploadEndsAsWebpInTheBucketServedAtTheUrlOfThe202Answer() throws Exception {
        JsonPath image = SupabaseTestSupport.uploadOne("Sunny Flat in Berlin", 1);
        String id = image.getString("id");
        String fileName = image.getString("file_name");
        assertEquals(fake.url + "/storage/v1/object/public/listing-images/" + fileName, image.getString("url"));

        JsonPath record = SupabaseTestSupport.awaitFinished(id);
        assertEquals("processed", record.getString("status"));
        assertEquals(0, record.getInt("retries"));
        assertNull(record.getString("error"));
        assertTrue(record.getList("attempts").isEmpty());

        JsonPath state = fake.state();
        String key = "objects.'listing-images/" + fileName + "'";
        assertEquals("image/webp", state.getString(key + ".content_type"));
        assertEquals("public, max-age=31536000, immutable", state.getString(key + ".cache_control"));
        assertEquals("true", state.getString(key + ".upsert"));
        assertEquals(1, state.getInt(key + ".uploads"));
        // quarkus.rest-client.supabase-storage.* (the profile's static header) reaches Supabase
        assertEquals("greenvue-images-test", state.getString(key + ".client_info"));

        byte[] served = given().when().get(image.getString("url"))
                .then().statusCode(200)
                .contentType("image/webp")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .extract().asByteArray();
        assertEquals(state.getInt(key + ".size"), served.length);
        ImmutableImage webp = ImmutableImage.loader().fromBytes(served);
        assertEquals(853, webp.width);
        assertEquals(640, webp.height);
        // the bytes come back exactly as uploaded: a second read serves the same object
        assertArrayEquals(served, given().when().get(image.getString("url")).then().extract().asByteArray());
    }

    @Test
    void startupCreatedTheMissingBucketAsPublic() {
        // the fake starts without buckets; create-bucket-if-missing is on in this profile
        List<String> first = fake.state().getList("first_requests");
        assertEquals(List.of("GET /bucket/listing-images", "POST /bucket", "GET /bucket/listing-images"),
                first.subList(0, 3));
    }

    @Test
    void localObjectPathAnswers404WithTheSupabaseBackend() {
        JsonPath image = SupabaseTestSupport.uploadOne("Local path check", 2);
        SupabaseTestSupport.awaitFinished(image.getString("id"));
        given().when().get("/storage/v1/object/public/listing-images/" + image.getString("file_name"))
                .then().statusCode(404);
    }
}
