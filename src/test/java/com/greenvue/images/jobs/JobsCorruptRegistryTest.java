package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A torn jobs.json is moved aside for inspection and the service starts with the default job. */
@QuarkusTest
@TestProfile(JobsCorruptRegistryTest.TornRegistry.class)
class JobsCorruptRegistryTest {

    static final Path DIR = Path.of("target", "jobs-corrupt-test");
    static final String TORN = "[{\"id\":\"process-image-queue\",\"name\":\"Proc";

    public static class TornRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(DIR)) {
                    try (Stream<Path> old = Files.list(DIR)) {
                        for (Path p : old.toList()) {
                            Files.delete(p);
                        }
                    }
                }
                Files.createDirectories(DIR);
                Files.writeString(DIR.resolve("jobs.json"), TORN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("greenvue.jobs.file", DIR.resolve("jobs.json").toString());
        }
    }

    @Test
    void tornFileIsMovedAsideAndDefaultsAreUsed() throws IOException {
        given().get("/api/jobs/process-image-queue").then().statusCode(200)
                .body("data.interval", equalTo("10s"))
                .body("data.payload.batch_size", equalTo(10))
                .body("data.state", equalTo("active"));
        List<Path> aside;
        try (Stream<Path> files = Files.list(DIR)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("jobs.json.corrupt-")).toList();
        }
        assertEquals(1, aside.size(), "the torn file is kept for inspection");
        assertEquals(TORN, Files.readString(aside.get(0)));
        assertTrue(Files.readString(DIR.resolve("jobs.json")).contains("process-image-queue"),
                "a fresh registry was saved");
    }
}
