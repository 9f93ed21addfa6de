package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A storage call hanging past its lease: the image is reclaimed as a failed attempt and finished by
 * another attempt. Its own profile (1 s lease, default retention), so the record is still there to
 * read when the test looks, however slow the machine.
 */
@QuarkusTest
@TestProfile(LeaseRecoveryTest.ShortLease.class)
class LeaseRecoveryTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenvue.queue.lease-duration", "1s");
        }
    }

    @Inject
    ImageQueue queue;
    @Inject
    LocalImageStorage local;

    @Test
    void aStorageCallHangingPastItsLeaseIsReclaimedAndFinished() throws Exception {
        // a storage call that hangs well past the 1 s lease, then storage works
        FaultyStorage hangingOnce = FaultyStorage.hangingOnce(local, Duration.ofSeconds(4));
        QuarkusMock.installMockForType(hangingOnce, ImageStorage.class);
        UUID id = UUID.fromString(given().multiPart("images", "q.jpg", TestImages.jpeg(160, 120), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED);
        ImageRecord done = queue.find(id).orElseThrow();
        assertTrue(done.attempts().stream().anyMatch(a -> a.error().contains("lease expired")), done.attempts().toString());
        assertTrue(hangingOnce.calls() >= 2, "a second worker finished it");
        // the claims history: the hung lease ended as expired, the next one published it
        assertEquals("expired", done.claims().get(0).outcome(), done.claims().toString());
        assertEquals("processed", done.claims().get(done.claims().size() - 1).outcome(), done.claims().toString());
        assertTrue(given().get(done.url().substring(done.url().indexOf("/storage/v1/"))).statusCode() == 200,
                "the WebP is served");
    }
}
