package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
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
import java.util.concurrent.ConcurrentHashMap;
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
        // Watch every run the job reports (runs are 2 s apart, the poll is 100 ms): which run processed how many.
        Map<String, Integer> processedByRun = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<String, Object> lastRun = given().get("/api/jobs/process-image-queue").then().statusCode(200)
                    .extract().path("data.last_run");
            if (lastRun != null && lastRun.get("started_at") != null) {
                processedByRun.put(String.valueOf(lastRun.get("started_at")), ((Number) lastRun.get("processed")).intValue());
            }
            return ids.stream().allMatch(id -> queue.find(id).orElseThrow().status() == ImageStatus.PROCESSED)
                    && processedByRun.values().stream().mapToInt(Integer::intValue).sum() >= ids.size();
        });

        // batch_size 1: no run ever processed more than one image, so the three took three separate runs
        assertTrue(processedByRun.values().stream().allMatch(n -> n <= 1), "processed per run: " + processedByRun);
        assertTrue(processedByRun.values().stream().filter(n -> n == 1).count() >= ids.size(), "runs: " + processedByRun);
        List<Instant> starts = processedByRun.entrySet().stream().filter(e -> e.getValue() == 1)
                .map(e -> Instant.parse(e.getKey())).sorted().toList();
        for (int i = 1; i < starts.size(); i++) {
            // the 2 s interval, on a scheduler that checks triggers once a second: never two runs in one tick
            Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
            assertTrue(gap.toMillis() >= 900, "runs " + (i - 1) + " and " + i + " started " + gap + " apart");
        }
    }
}
