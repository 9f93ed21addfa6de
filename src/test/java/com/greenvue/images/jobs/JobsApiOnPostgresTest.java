package com.greenvue.images.jobs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@link JobsApiTest} on the postgres backend, where the jobs table, not jobs.json, is the truth. */
@QuarkusTest
@RequiresPostgres
@TestProfile(JobsApiOnPostgresTest.Profile.class)
class JobsApiOnPostgresTest extends JobsApiTest {

    public static class Profile extends OnPostgres {
    }

    @ConfigProperty(name = "quarkus.flyway.schemas")
    String schema;
    @ConfigProperty(name = "greenvue.jobs.file")
    String registryFile;

    @Override
    @Test
    void everyChangeIsSavedToTheRegistryFile() throws Exception {
        given().contentType("application/json").body(SEED.replace("\"10s\"", "\"45s\"")).post("/api/jobs")
                .then().statusCode(200);
        assertTrue(row("process-image-queue").contains("\"45s\""));
        given().post("/api/jobs/process-image-queue/pause").then().statusCode(200);
        assertTrue(row("process-image-queue").startsWith("paused"));
        given().post("/api/jobs/process-image-queue/resume").then().statusCode(200);
        assertTrue(row("process-image-queue").startsWith("active"));
        // the file is only the export written at shutdown, never written while running
        assertFalse(Files.exists(Path.of(registryFile)), "jobs.json is written at shutdown only");
    }

    @Test
    void aDeletedJobIsGoneFromTheTableAndComesBackWithPost() throws Exception {
        given().delete("/api/jobs/process-image-queue").then().statusCode(200);
        assertEquals("", row("process-image-queue"));
        given().contentType("application/json").body(SEED).post("/api/jobs").then().statusCode(201);
        assertTrue(row("process-image-queue").startsWith("active"));
    }

    /** "paused|active definition-json" of one job row, or "" when there is none. */
    private String row(String id) throws Exception {
        try (Connection c = PostgresSchema.connect(schema); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT paused, definition::text FROM jobs WHERE id = '" + id + "'")) {
            return rs.next() ? (rs.getBoolean(1) ? "paused " : "active ") + rs.getString(2) : "";
        }
    }
}
