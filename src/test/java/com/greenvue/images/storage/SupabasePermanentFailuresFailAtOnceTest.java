package com.greenvue.images.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SupabaseBackendProfile.class)
@WithTestResource(FakeSupabaseStorageResource.class)
class SupabasePermanentFailuresFailAtOnceTest {

    final FakeStorageControl fake = new FakeStorageControl();

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void anonKeyInsteadOfTheServiceKeyFailsNamingTheKeyVariable() {
        // our key is now only the project's anon key: the gateway lets it in, storage says 403
        fake.keys("some-other-service-key", FakeSupabaseStorageResource.SERVICE_KEY);
        JsonPath record = uploadAndFail("Anon key");
        assertThat(record.getString("error"), containsString("statusCode 403 AccessDenied"));
        assertThat(record.getString("error"), containsString("SUPABASE_SERVICE_KEY"));
    }

    @Test
    void keyUnknownToTheGatewayFailsNamingTheKeyVariable() {
        fake.keys("some-other-service-key", "some-other-anon-key");
        JsonPath record = uploadAndFail("Unknown key");
        assertThat(record.getString("error"), containsString("HTTP 401"));
        assertThat(record.getString("error"), containsString("SUPABASE_SERVICE_KEY"));
    }

    @Test
    void missingBucketFailsNamingTheBucket() {
        fake.deleteBucket("listing-images");
        JsonPath record = uploadAndFail("No bucket");
        assertThat(record.getString("error"), containsString("statusCode 404 NoSuchBucket"));
        assertThat(record.getString("error"), containsString("bucket 'listing-images' does not exist"));
    }

    @Test
    void imageOverTheBucketSizeLimitFailsNamingTheLimit() {
        fake.putBucket("id=listing-images&public=true&limit=100");
        JsonPath record = uploadAndFail("Too large");
        assertThat(record.getString("error"), containsString("statusCode 413 EntityTooLarge"));
        assertThat(record.getString("error"), containsString("file size limit"));
    }

    @Test
    void bucketThatRefusesWebpFailsNamingTheMimeType() {
        fake.putBucket("id=listing-images&public=true&mime=image/png,image/jpeg");
        JsonPath record = uploadAndFail("Wrong mime");
        assertThat(record.getString("error"), containsString("statusCode 415 InvalidMimeType"));
        assertThat(record.getString("error"), containsString("does not accept image/webp"));
    }

    private JsonPath uploadAndFail(String title) {
        JsonPath image = SupabaseTestSupport.uploadOne(title, title.hashCode());
        JsonPath record = SupabaseTestSupport.awaitFinished(image.getString("id"));
        assertEquals("failed", record.getString("status"), () -> record.prettify());
        assertEquals(0, record.getInt("retries"));
        assertEquals(1, record.getList("attempts").size());
        assertEquals(true, record.getBoolean("attempts[0].permanent"));
        assertThat(record.getString("error"), containsString("storage: Supabase Storage answered upload of"));
        assertThat(record.getString("error"), not(containsString(FakeSupabaseStorageResource.SERVICE_KEY)));
        assertTrue(fake.state().getMap("objects").isEmpty());
        return record;
    }
}
