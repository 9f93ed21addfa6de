package com.greenvue.images.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@TestProfile(SupabaseBackendProfile.class)
@WithTestResource(FakeSupabaseStorageResource.class)
class SupabaseTransientFailuresAreRetriedTest {

    final FakeStorageControl fake = new FakeStorageControl();

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "500, HTTP 500 (statusCode 500 InternalError)",
            "429, HTTP 429 (statusCode 429 SlowDown)",
            "544, HTTP 544 (statusCode 544 DatabaseTimeout)",
            "503-in-body, HTTP 400 (statusCode 503 DatabaseConnectionLimit)",
            "502-html, HTTP 502",
            "slow, no answer within the timeout"})
    void failureIsRetriedAndTheImageIsProcessedOnceTheServerRecovers(String mode, String expectedError) {
        fake.failNextUploads(mode, 2);
        JsonPath image = SupabaseTestSupport.uploadOne("Transient " + mode, 10);

        JsonPath record = SupabaseTestSupport.awaitFinished(image.getString("id"));
        assertEquals("processed", record.getString("status"), () -> record.prettify());
        assertEquals(2, record.getInt("retries"));
        List<Map<String, Object>> attempts = record.getList("attempts");
        assertEquals(2, attempts.size());
        for (Map<String, Object> attempt : attempts) {
            assertEquals(false, attempt.get("permanent"));
            assertThat((String) attempt.get("error"), containsString(expectedError));
            assertThat((String) attempt.get("error"), not(containsString(FakeSupabaseStorageResource.SERVICE_KEY)));
        }
        assertEquals("image/webp",
                fake.state().getString("objects.'listing-images/" + image.getString("file_name") + "'.content_type"));
    }

    @Test
    void refusedConnectionsAreRetriedUntilTheServerListensAgain() {
        fake.outage(1500);
        JsonPath image = SupabaseTestSupport.uploadOne("Outage", 11);

        JsonPath record = SupabaseTestSupport.awaitFinished(image.getString("id"));
        assertEquals("processed", record.getString("status"), () -> record.prettify());
        assertThat(record.getInt("retries"), greaterThanOrEqualTo(1));
        List<Map<String, Object>> attempts = record.getList("attempts");
        assertEquals(false, attempts.get(0).get("permanent"));
        assertThat((String) attempts.get(0).get("error"), containsString("cannot connect"));
    }

    @Test
    void lostAnswerAfterTheObjectWasStoredIsRetriedAndEndsWithOneObject() {
        fake.failNextUploads("drop", 1);
        JsonPath image = SupabaseTestSupport.uploadOne("Lost answer", 12);
        String fileName = image.getString("file_name");

        JsonPath record = SupabaseTestSupport.awaitFinished(image.getString("id"));
        assertEquals("processed", record.getString("status"), () -> record.prettify());
        assertEquals(1, record.getInt("retries"));
        assertThat(record.getString("attempts[0].error"), containsString("connection lost"));

        JsonPath state = fake.state();
        Map<String, Object> objects = state.getMap("objects");
        assertEquals(1, objects.keySet().stream().filter(k -> k.contains(fileName)).count());
        // stored twice under the same name: the retry replaced the first copy (x-upsert: true)
        assertEquals(2, state.getInt("objects.'listing-images/" + fileName + "'.uploads"));
    }

    @Test
    void objectAlreadyThereCountsAsStoredWithoutRetry() {
        fake.failNextUploads("exists", 1);
        JsonPath image = SupabaseTestSupport.uploadOne("Already there", 13);

        JsonPath record = SupabaseTestSupport.awaitFinished(image.getString("id"));
        assertEquals("processed", record.getString("status"), () -> record.prettify());
        assertEquals(0, record.getInt("retries"));
        assertFalse(fake.state().getMap("objects").isEmpty());
    }
}
