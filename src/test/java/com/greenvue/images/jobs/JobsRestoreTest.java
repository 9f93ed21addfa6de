package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A saved registry is restored at startup: definitions, paused state and counters; invalid jobs are skipped. */
@QuarkusTest
@TestProfile(JobsRestoreTest.SavedRegistry.class)
class JobsRestoreTest {

    static final Path DIR = Path.of("target", "jobs-restore-test");

    public static class SavedRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR);
                Files.writeString(DIR.resolve("jobs.json"), """
                        [{"id":"process-image-queue","name":"Process Image Queue","description":"restored",
                          "type":"process_images","interval":"3s","payload":{"batch_size":7},"state":"active",
                          "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z","run_count":41},
                         {"id":"night-batch","name":"Night","description":"","type":"process_images",
                          "interval":"1h","payload":{"batch_size":500},"state":"paused",
                          "created_at":"2026-01-01T00:00:00Z","run_count":0},
                         {"id":"too-fast","name":"Edited by hand","description":"","type":"process_images",
                          "interval":"1ms","payload":{"batch_size":1},"state":"active",
                          "created_at":"2026-01-01T00:00:00Z","run_count":0}]""");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("greenvue.jobs.file", DIR.resolve("jobs.json").toString());
        }
    }

    @Test
    void restoresDefinitionsStateAndCountersFromTheSavedFile() {
        given().get("/api/jobs/process-image-queue").then().statusCode(200)
                .body("data.interval", equalTo("3s"))
                .body("data.description", equalTo("restored"))
                .body("data.payload.batch_size", equalTo(7))
                .body("data.state", equalTo("active"))
                .body("data.created_at", equalTo("2026-01-01T00:00:00Z"));
        given().get("/api/jobs/night-batch").then().statusCode(200)
                .body("data.state", equalTo("paused"))
                .body("data.next_run_at", nullValue())
                .body("data.payload.batch_size", equalTo(500));
        // a saved job breaking the rules a request must follow is skipped, the others are restored
        given().get("/api/jobs/too-fast").then().statusCode(404);
    }
}
