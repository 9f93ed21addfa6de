package com.greenvue.images.queue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.TestImages;
import com.greenvue.images.processing.ImageWorker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The shutdown snapshot as the running service writes and reads it: on a queue folder whose last
 * snapshot is torn (the start must not care), then written from live records and cross-checked.
 */
@QuarkusTest
@WithTestResource(SeededQueueResource.class)
class ShutdownSnapshotTest {

    @Inject
    ImageQueue queue;
    @Inject
    QueueLifecycle lifecycle;
    @Inject
    ImageWorker worker;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "greenvue.queue.dir")
    String queueDir;

    @Test
    void aCorruptSnapshotDoesNotStopTheRestoreAndIsSetAside() throws Exception {
        assertTrue(queue.isRestored());
        assertTrue(queue.find(SeededQueueResource.SEEDED).isPresent(), "the seeded image was restored from its record");
        assertFalse(Files.exists(Path.of(queueDir, "snapshot.json")));
        try (Stream<Path> aside = Files.list(Path.of(queueDir, "snapshots"))) {
            assertTrue(aside.anyMatch(p -> p.getFileName().toString().endsWith("-unreadable.json")));
        }
    }

    @Test
    void theSnapshotListsEveryImageNotProcessedAndTheNextStartFindsThemAll() throws Exception {
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        try {
            List<String> ids = given().multiPart("listing_title", "Snapshot")
                    .multiPart("images", "a.jpg", TestImages.jpeg(120, 90), "image/jpeg")
                    .multiPart("images", "b.jpg", TestImages.jpeg(120, 90), "image/jpeg")
                    .multiPart("images", "c.jpg", TestImages.jpeg(120, 90), "image/jpeg")
                    .post("/api/upload/listing_image").then().statusCode(202)
                    .extract().path("data.images.id");
            UUID done = UUID.fromString(ids.get(0));
            assertEquals(Optional.of(ImageStatus.PROCESSED), worker.processNow(done));

            assertTrue(lifecycle.writeShutdownSnapshot().isPresent());

            JsonNode file = json.readTree(Path.of(queueDir, "snapshot.json").toFile());
            assertTrue(file.path("written_at").isTextual(), file.toString());
            Map<String, JsonNode> listed = new HashMap<>();
            file.path("images").forEach(i -> listed.put(i.path("id").asText(), i));
            assertFalse(listed.containsKey(done.toString()), "a processed image is not listed");
            for (String id : ids.subList(1, 3)) {
                JsonNode entry = listed.get(id);
                assertEquals("pending", entry.path("status").asText(), id);
                assertEquals(0, entry.path("retries").asInt());
                assertEquals(queue.find(UUID.fromString(id)).orElseThrow().fileName(), entry.path("file_name").asText());
                assertTrue(entry.path("created_at").isTextual() && entry.path("updated_at").isTextual());
            }
            JsonNode counts = file.path("counts");
            assertTrue(counts.path("processed").asLong() >= 1);
            assertEquals(listed.size(), counts.path("pending").asLong() + counts.path("processing").asLong()
                    + counts.path("retry").asLong() + counts.path("failed").asLong(), counts.toString());

            QueueSnapshot.Check check = lifecycle.crossCheckShutdownSnapshot().orElseThrow();
            assertTrue(check.agrees(), check.summary());
            assertEquals(listed.size(), check.waiting() + check.failed());
            assertFalse(Files.exists(Path.of(queueDir, "snapshot.json")), "compared once, then set aside");
            assertEquals(Optional.empty(), lifecycle.crossCheckShutdownSnapshot());
        } finally {
            given().post("/api/jobs/process-image-queue/resume");
        }
    }
}
