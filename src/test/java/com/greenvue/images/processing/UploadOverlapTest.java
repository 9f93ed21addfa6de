package com.greenvue.images.processing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** With one CPU thread, the next image is encoded while the previous one is still uploading. */
@QuarkusTest
@TestProfile(UploadOverlapTest.OneCpuThread.class)
class UploadOverlapTest {

    public static class OneCpuThread implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenvue.processing.concurrency", "1", "greenvue.processing.upload-concurrency", "2");
        }
    }

    @Inject
    ImageQueue queue;
    @Inject
    LocalImageStorage local;
    @Inject
    MeterRegistry metrics;

    @Test
    void theCpuThreadMovesOnWhileAnUploadIsInFlight() {
        CountDownLatch storageAvailable = new CountDownLatch(1);
        // the network is slow until the test says otherwise
        FaultyStorage slowStorage = FaultyStorage.gated(local, storageAvailable);
        QuarkusMock.installMockForType(slowStorage, ImageStorage.class);
        long encodedBefore = encoded();
        List<String> ids = given()
                .multiPart("images", "a.jpg", TestImages.jpeg(640, 480), "image/jpeg")
                .multiPart("images", "b.jpg", TestImages.jpeg(480, 640), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images.id");

        // both images are encoded by the single CPU thread although no upload has finished
        await().atMost(Duration.ofSeconds(20)).until(() -> encoded() >= encodedBefore + 2);
        for (String id : ids) {
            assertEquals(ImageStatus.PROCESSING, queue.find(UUID.fromString(id)).orElseThrow().status());
        }
        storageAvailable.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                .allMatch(id -> queue.find(UUID.fromString(id)).orElseThrow().status() == ImageStatus.PROCESSED));
    }

    private long encoded() {
        var timer = metrics.find("greenvue.image.stage").tag("stage", "encode").timer();
        return timer == null ? 0 : timer.count();
    }
}
