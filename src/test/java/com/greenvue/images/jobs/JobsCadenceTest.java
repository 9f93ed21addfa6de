package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With eager wake-up off, the job's interval and batch size alone decide the cadence. */
@QuarkusTest
@TestProfile(JobsCadenceTest.EagerOff.class)
class JobsCadenceTest {

    public static class EagerOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenvue.queue.eager-wakeup", "false");
        }
    }

    @Inject
    ImageQueue queue;

    @Test
    void intervalTwoSecondsAndBatchOneProcessesOneImagePerRun() {
        given().contentType("application/json").body(JobsApiTest.SEED.replace("\"10s\"", "\"2s\"")
                        .replace("\"batch_size\": 10", "\"batch_size\": 1"))
                .post("/api/jobs").then().statusCode(200).body("data.interval", equalTo("2s"));

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(UUID.fromString(given().multiPart("images", "c" + i + ".jpg", TestImages.jpeg(160, 120), "image/jpeg")
                    .post("/api/upload/listing_image").then().statusCode(202)
                    .extract().path("data.images[0].id")));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ids.stream().allMatch(id -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED));

        List<Instant> done = ids.stream().map(id -> queue.find(id).orElseThrow()).map(ImageRecord::processedAt)
                .sorted().toList();
        for (int i = 1; i < done.size(); i++) {
            Duration gap = Duration.between(done.get(i - 1), done.get(i));
            // one image per 2 s run: consecutive completions are a tick apart, never in the same run
            assertTrue(gap.toMillis() >= 1000, "images " + (i - 1) + " and " + i + " finished " + gap + " apart");
        }
        given().get("/api/jobs/process-image-queue").then().body("data.last_run.processed", org.hamcrest.Matchers.lessThanOrEqualTo(1));
    }
}
