package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.FaultyStorage;
import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the image job runs: woken by an upload rather than waiting for its tick, never two runs
 * of it at once, and images taken oldest first.
 */
@QuarkusTest
class JobRunsTest {

    @Inject
    ImageQueue queue;
    @Inject
    LocalImageStorage local;

    @AfterEach
    void seedJobBack() {
        given().contentType("application/json").body(JobsApiTest.SEED).post("/api/jobs").then().statusCode(200);
        QuarkusMock.installMockForType(local, ImageStorage.class);
    }

    @Test
    void anUploadWakesTheJobInsteadOfWaitingForItsTick() {
        int runsBefore = given().get("/api/jobs/process-image-queue").then().extract().path("data.run_count");
        // a tick an hour away: only the wake-up on enqueue can process the image within the wait below
        given().contentType("application/json").body(JobsApiTest.SEED.replace("\"10s\"", "\"1h\""))
                .post("/api/jobs").then().statusCode(200).body("data.interval", equalTo("1h"));
        // the scheduler fires a (re)started interval job once right away: let that run happen first
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().get("/api/jobs/process-image-queue").then().extract().<Integer>path("data.run_count") > runsBefore);
        UUID id = upload("wake.jpg");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED);
    }

    @Test
    void aRunNowWhileARunIsInProgressIs409AndTheRunsNeverOverlap() {
        CountDownLatch storageAvailable = new CountDownLatch(1);
        FaultyStorage slow = FaultyStorage.gated(local, storageAvailable);
        QuarkusMock.installMockForType(slow, ImageStorage.class);
        UUID id = upload("held.jpg");
        try {
            // the woken run holds the image at the storage gate
            await().atMost(Duration.ofSeconds(20)).until(() -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSING);
            given().post("/api/jobs/process-image-queue/run").then().statusCode(409)
                    .contentType("application/json").body("error.code", equalTo("job_running"));
        } finally {
            storageAvailable.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED);
        given().post("/api/jobs/process-image-queue/run").then().statusCode(200);
    }

    @Test
    void imagesAreClaimedOldestFirst() {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        List<UUID> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(upload("order-" + i + ".jpg"));
            }
            // anything older still waiting (from another test) goes first; ours follow in upload order
            List<UUID> order = new ArrayList<>();
            List<ImageRecord> claimed;
            while (!(claimed = queue.claim(1, "order-test")).isEmpty()) {
                order.add(claimed.get(0).id());
                queue.markProcessed(claimed.get(0), 1);
            }
            assertEquals(ids, order.stream().filter(ids::contains).toList());
        } finally {
            given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
        }
    }

    private static UUID upload(String name) {
        return UUID.fromString(given().multiPart("images", name, TestImages.jpeg(160, 120), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id"));
    }
}
