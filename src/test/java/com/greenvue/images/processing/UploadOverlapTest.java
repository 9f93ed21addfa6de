package com.greenvue.images.processing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With one CPU thread, the next image is encoded while the previous one is still uploading; and a
 * run whose last image is uploading lets the idle CPU thread claim the next run's first image.
 */
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
    @Inject
    ImageWorker worker;

    @AfterEach
    void resumeTheJob() {
        given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
    }

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

    @Test
    void anIdleCpuThreadClaimsTheNextRunsFirstImageAhead() throws Exception {
        CountDownLatch storageAvailable = pausedWithGatedStorage();
        long encodedBefore = encoded();
        List<UUID> ids = upload(3);

        // a run of 2: its uploads wait at the gate, so the CPU thread is idle and claims the third ahead
        CompletableFuture<BatchOutcome> first = CompletableFuture.supplyAsync(() -> worker.runBatch(2, true));
        await().atMost(Duration.ofSeconds(20)).until(() -> encoded() >= encodedBefore + 3);
        for (UUID id : ids) {
            assertEquals(ImageStatus.PROCESSING, queue.find(id).orElseThrow().status());
        }
        storageAvailable.countDown();
        assertEquals(new BatchOutcome(2, 2, 0, 0, 1), first.get(20, TimeUnit.SECONDS));

        // the next run counts the carried image as its own, claims nothing more (the queue is empty)
        assertEquals(new BatchOutcome(1, 1, 0, 0, 0), worker.runBatch(2, true));
        for (UUID id : ids) {
            ImageRecord r = queue.find(id).orElseThrow();
            assertEquals(ImageStatus.PROCESSED, r.status());
            assertEquals(0, r.retries());
        }
        assertEquals(encodedBefore + 3, encoded(), "each image encoded once");
    }

    @Test
    void withoutLookaheadARunClaimsOnlyItsBatch() throws Exception {
        CountDownLatch storageAvailable = pausedWithGatedStorage();
        long encodedBefore = encoded();
        List<UUID> ids = upload(3);

        CompletableFuture<BatchOutcome> run = CompletableFuture.supplyAsync(() -> worker.runBatch(2, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> encoded() >= encodedBefore + 2);
        storageAvailable.countDown();
        assertEquals(new BatchOutcome(2, 2, 0, 0, 0), run.get(20, TimeUnit.SECONDS));
        assertEquals(ImageStatus.PENDING, queue.find(ids.get(2)).orElseThrow().status(), "the third waits for the next run");
        assertEquals(new BatchOutcome(1, 1, 0, 0, 0), worker.runBatch(2, false));
    }

    /** The image job paused (runs only when the test calls them) and storage held until the latch opens. */
    private CountDownLatch pausedWithGatedStorage() {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        CountDownLatch storageAvailable = new CountDownLatch(1);
        QuarkusMock.installMockForType(FaultyStorage.gated(local, storageAvailable), ImageStorage.class);
        return storageAvailable;
    }

    private List<UUID> upload(int count) {
        var request = given();
        for (int i = 0; i < count; i++) {
            request = request.multiPart("images", "p" + i + ".jpg", TestImages.jpeg(640 + i, 480), "image/jpeg");
        }
        List<String> ids = request.post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images.id");
        return ids.stream().map(UUID::fromString).toList();
    }

    private long encoded() {
        var timer = metrics.find("greenvue.image.stage").tag("stage", "encode").timer();
        return timer == null ? 0 : timer.count();
    }
}
