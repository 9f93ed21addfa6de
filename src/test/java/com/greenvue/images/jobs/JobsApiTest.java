package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageStatus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's three calls work as written, plus run/pause/resume, validation and persistence. */
@QuarkusTest
class JobsApiTest {

    static final String SEED = """
            {"id": "process-image-queue", "name": "Process Image Queue",
             "description": "Process pending images in queue", "type": "process_images",
             "interval": "10s", "payload": {"batch_size": 10}}""";

    @Inject
    ImageQueue queue;
    @ConfigProperty(name = "greenvue.jobs.file")
    String jobsFile;

    @AfterEach
    void restoreTheSeedJob() {
        given().contentType("application/json").body(SEED).post("/api/jobs").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    @Test
    void getShowsTheDefaultJobWithItsStateAndLastRun() {
        uploadAndAwait(ImageStatus.PROCESSED);
        given().get("/api/jobs").then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data.id", hasItem("process-image-queue"));
        given().get("/api/jobs/process-image-queue").then().statusCode(200)
                .body("data.id", equalTo("process-image-queue"))
                .body("data.name", equalTo("Process Image Queue"))
                .body("data.description", equalTo("Process pending images in queue"))
                .body("data.type", equalTo("process_images"))
                .body("data.interval", equalTo("10s"))
                .body("data.payload.batch_size", equalTo(10))
                .body("data.state", equalTo("active"))
                .body("data.created_at", notNullValue())
                .body("data.next_run_at", notNullValue())
                .body("data.run_count", greaterThan(0))
                .body("data.last_tick.started_at", notNullValue())
                .body("data.last_tick.duration_ms", notNullValue());
    }

    @Test
    void deleteStopsProcessingAndPostingTheSeedBodyResumesIt() {
        given().delete("/api/jobs/process-image-queue").then().statusCode(200).body("data.deleted", equalTo(true));
        given().get("/api/jobs/process-image-queue").then().statusCode(404).body("error.code", equalTo("job_not_found"));
        given().get("/debug/image-queue-status").then().statusCode(200)
                .body("queue_status.status", equalTo("stopped"));

        UUID id = upload();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> queue.find(id).orElseThrow().status() == ImageStatus.PENDING);

        given().contentType("application/json").body(SEED).post("/api/jobs").then().statusCode(201)
                .body("data.state", equalTo("active"));
        awaitStatus(id, ImageStatus.PROCESSED);
    }

    @Test
    void aPlainCurlDashDBodyIsReadAsJsonWhateverItsContentType() {
        // curl -d '{...}' without -H sends application/x-www-form-urlencoded
        given().contentType("application/x-www-form-urlencoded").body(SEED)
                .post("/api/jobs").then().statusCode(200).body("data.interval", equalTo("10s"));
        given().contentType("text/plain").body(SEED.replace("process-image-queue", "curl-text-job"))
                .post("/api/jobs").then().statusCode(201).body("data.id", equalTo("curl-text-job"));
        given().delete("/api/jobs/curl-text-job").then().statusCode(200);
        given().contentType("application/x-www-form-urlencoded").body("id=x&type=y")
                .post("/api/jobs").then().statusCode(400).contentType("application/json")
                .body("error.code", equalTo("invalid_json"));
        given().contentType("application/json").body("")
                .post("/api/jobs").then().statusCode(400).body("status", equalTo("error"));
    }

    @Test
    void bodiesThatAreNotExactlyOneSaneJobAre400() {
        given().contentType("application/json").body(SEED + "xyz").post("/api/jobs").then().statusCode(400)
                .body("error.code", equalTo("invalid_json"));
        given().contentType("application/json").body(SEED + SEED).post("/api/jobs").then().statusCode(400)
                .body("error.code", equalTo("invalid_json"));
        given().contentType("application/json").body(SEED.replace("\"interval\": \"10s\"", "\"interval\": \"10s\", \"interval\": \"1s\""))
                .post("/api/jobs").then().statusCode(400).body("error.code", equalTo("invalid_json"));
        given().contentType("application/json").body(SEED.replace("Process pending images in queue", "d".repeat(2001)))
                .post("/api/jobs").then().statusCode(400).body("error.details.field", equalTo("description"));
        given().contentType("application/json").body(SEED.replace("Process Image Queue", "n".repeat(201)))
                .post("/api/jobs").then().statusCode(400).body("error.details.field", equalTo("name"));
        given().get("/api/jobs/process-image-queue").then().statusCode(200).body("data.interval", equalTo("10s"))
                .body("data.description", equalTo("Process pending images in queue"));
    }

    @Test
    void replacingAJobAnswers200AndAppliesTheNewDefinition() {
        given().contentType("application/json").body(SEED.replace("\"10s\"", "\"1m30s\"")
                        .replace("\"batch_size\": 10", "\"batch_size\": 25"))
                .post("/api/jobs").then().statusCode(200)
                .body("data.interval", equalTo("1m30s"))
                .body("data.payload.batch_size", equalTo(25));
        given().get("/api/jobs/process-image-queue").then().body("data.interval", equalTo("1m30s"));
    }

    @Test
    void pauseKeepsImagesWaitingRunStillRunsOnceAndResumeRestarts() {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200)
                .body("data.state", equalTo("paused"))
                .body("data.next_run_at", nullValue());
        given().get("/debug/image-queue-status").then().body("queue_status.status", equalTo("paused"));
        UUID id = upload();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> queue.find(id).orElseThrow().status() == ImageStatus.PENDING);

        int runsBefore = given().get("/api/jobs/process-image-queue").then().extract().path("data.run_count");
        given().post("/api/jobs/process-image-queue/run").then().statusCode(200)
                .body("data.state", equalTo("paused"))
                .body("data.run_count", equalTo(runsBefore + 1))
                .body("data.last_run.processed", equalTo(1))
                .body("data.last_run.trigger", equalTo("manual"))
                .body("data.last_tick.processed", equalTo(1));
        assertEquals(ImageStatus.PROCESSED, queue.find(id).orElseThrow().status());
        // an idle run moves last_tick only: last_run still says when images were last processed
        given().post("/api/jobs/process-image-queue/run").then().statusCode(200)
                .body("data.run_count", equalTo(runsBefore + 2))
                .body("data.last_tick.processed", equalTo(0))
                .body("data.last_run.processed", equalTo(1));

        given().post("/api/jobs/process-image-queue/resume").then().statusCode(200)
                .body("data.state", equalTo("active"))
                .body("data.next_run_at", notNullValue());
        awaitStatus(upload(), ImageStatus.PROCESSED);
    }

    @Test
    void everyChangeIsSavedToTheRegistryFile() throws Exception {
        given().contentType("application/json").body(SEED.replace("\"10s\"", "\"45s\"")).post("/api/jobs")
                .then().statusCode(200);
        String saved = Files.readString(Path.of(jobsFile));
        assertTrue(saved.contains("\"45s\""), saved);
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        assertTrue(Files.readString(Path.of(jobsFile)).contains("\"paused\""));
    }

    @Test
    void unknownJobsAre404() {
        for (String call : new String[] {"/run", "/pause", "/resume"}) {
            given().post("/api/jobs/nope" + call).then().statusCode(404).body("error.code", equalTo("job_not_found"));
        }
        given().delete("/api/jobs/nope").then().statusCode(404).body("status", equalTo("error"));
        given().get("/api/jobs/nope").then().statusCode(404).body("status", equalTo("error"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("unknown type", SEED.replace("process_images", "mine_bitcoin"), "type", "process_images"),
                Arguments.of("interval abc", SEED.replace("\"10s\"", "\"abc\""), "interval", "Go duration"),
                Arguments.of("interval -5s", SEED.replace("\"10s\"", "\"-5s\""), "interval", "Go duration"),
                Arguments.of("interval 0", SEED.replace("\"10s\"", "0"), "interval", "string"),
                Arguments.of("interval 0s", SEED.replace("\"10s\"", "\"0s\""), "interval", "between"),
                Arguments.of("interval 30ms", SEED.replace("\"10s\"", "\"30ms\""), "interval", "between"),
                Arguments.of("batch_size 0", SEED.replace("\"batch_size\": 10", "\"batch_size\": 0"),
                        "payload.batch_size", "1 to 1000"),
                Arguments.of("batch_size 100000", SEED.replace("\"batch_size\": 10", "\"batch_size\": 100000"),
                        "payload.batch_size", "1 to 1000"),
                Arguments.of("batch_size text", SEED.replace("\"batch_size\": 10", "\"batch_size\": \"ten\""),
                        "payload.batch_size", "whole number"),
                Arguments.of("missing id", SEED.replace("\"id\": \"process-image-queue\",", ""), "id", "required"),
                Arguments.of("id of wrong type", SEED.replace("\"process-image-queue\"", "42"), "id", "string"),
                Arguments.of("payload not an object", SEED.replace("{\"batch_size\": 10}", "[10]"), "payload", "object"),
                Arguments.of("JSON array body", "[" + SEED + "]", "body", "JSON object"),
                Arguments.of("type of wrong type", SEED.replace("\"process_images\"", "5"), "type", "string"),
                Arguments.of("empty id", SEED.replace("\"process-image-queue\"", "\"\""), "id", "1-100"),
                // the client's text is quoted in the message, never read as a message template
                Arguments.of("interval like a template", SEED.replace("\"10s\"", "\"{max}${1+1}\""), "interval",
                        "'{max}${1+1}' is not a Go duration"),
                // several fields wrong: the first in the body's order is named
                Arguments.of("bad id and bad interval", SEED.replace("\"process-image-queue\"", "\"-x\"")
                        .replace("\"10s\"", "\"abc\""), "id", "1-100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodiesAre400NamingTheField(String label, String body, String field, String hint) {
        given().contentType("application/json").body(body).post("/api/jobs").then().statusCode(400)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("error.details.field", equalTo(field))
                .body("error.message", containsString(hint));
        given().get("/api/jobs/process-image-queue").then().body("data.interval", equalTo("10s"));
    }

    @Test
    void nonJsonBodyIs400WithTheEnvelope() {
        given().contentType("application/json").body("this is not json").post("/api/jobs").then().statusCode(400)
                .contentType("application/json")
                .body("status", equalTo("error"))
                .body("error.code", equalTo("invalid_json"));
        given().contentType("application/json").body("").post("/api/jobs").then().statusCode(400)
                .body("status", equalTo("error"));
    }

    private UUID upload() {
        return UUID.fromString(given().multiPart("images", "j.jpg", TestImages.jpeg(200, 150), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202)
                .extract().path("data.images[0].id"));
    }

    private void uploadAndAwait(ImageStatus status) {
        awaitStatus(upload(), status);
    }

    private void awaitStatus(UUID id, ImageStatus status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> queue.find(id).orElseThrow().status() == status);
    }
}
