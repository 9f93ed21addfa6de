package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SupabaseBackendProfile.class)
@WithTestResource(FakeSupabaseStorageResource.class)
class SupabaseBucketReadinessTest {

    final FakeStorageControl fake = new FakeStorageControl();

    @Inject
    SupabaseStorage storage;

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @AfterEach
    void readyAgain() {
        // after an outage the fake listens again on its own; wait for it
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            fake.reset();
            return true;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> "UP".equals(storageCheck().getString("status")));
    }

    @Test
    void readyWhenTheBucketAnswers() {
        await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(storageCheck().getString("status")));
        JsonPath check = storageCheck();
        assertEquals("supabase", check.getString("data.backend"));
        assertEquals("listing-images", check.getString("data.bucket"));
        assertEquals(true, check.getBoolean("data.public"));
    }

    @Test
    void notReadyWhileTheBucketIsMissingNamingIt() {
        fake.deleteBucket("listing-images");
        await().atMost(Duration.ofSeconds(5)).until(() -> "DOWN".equals(storageCheck().getString("status")));
        given().when().get("/q/health/ready").then().statusCode(503);
        assertThat(storageCheck().getString("data.error"), containsString("bucket 'listing-images' does not exist"));
    }

    @Test
    void probeAnswersWithinTheHealthTimeoutWhileStorageIsSlowOrDown() {
        // long enough that a busy CI machine still sees it: the checks below must all fall inside it
        fake.outage(10_000);
        // unreachable, but only DOWN once the outage outlasts unreachable-after (1 s in this profile)
        await().atMost(Duration.ofSeconds(5)).until(() -> storageCheck().getString("data.error") != null);
        await().atMost(Duration.ofSeconds(7)).until(() -> "DOWN".equals(storageCheck().getString("status")));
        assertThat(storageCheck().getString("data.error"), containsString("cannot connect"));
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            given().when().get("/q/health/ready").then().statusCode(503);
            // the probe answers from the cache: never waits for the storage server
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis(), lessThan(1500L));
        }
    }

    @Test
    void missingBucketIsCreatedAsPublicAndCreatingAgainIsHarmless() {
        fake.deleteBucket("listing-images");
        SupabaseStorage.BucketInfo info = storage.ensureBucket();
        assertEquals(true, info.isPublic());
        assertEquals(true, fake.state().getBoolean("buckets.listing-images.public"));
        storage.ensureBucket();
        assertEquals(1, fake.state().getMap("buckets").size());
    }

    private static JsonPath storageCheck() {
        return given().when().get("/q/health/ready").then().extract().jsonPath()
                .setRootPath("checks.find { it.name == 'storage' }");
    }
}
