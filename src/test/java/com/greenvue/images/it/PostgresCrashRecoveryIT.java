package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CrashRecoveryIT} on the postgres backend: the packaged service is killed (SIGKILL,
 * SIGTERM) while busy and started again on the same database; every image answered 202 ends up
 * published. With a shared backend nothing is requeued by hand at start: the dead process's leases
 * expire and are reclaimed.
 */
@RequiresPostgres
class PostgresCrashRecoveryIT {

    static final int IMAGES = 40;
    @RegisterExtension
    final PostgresSchema.PerTest schema = new PostgresSchema.PerTest();

    private Map<String, String> env() {
        return MultiReplicaIT.env(schema.name(), null, Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "kill -9 after {0} images were published")
    @ValueSource(ints = {0, 8})
    void sigkillWhileTheWorkerIsBusyLosesNothing(int publishedBeforeKill) throws Exception {
        Path dir = CrashRecoveryIT.freshDir("pg-kill-" + publishedBeforeKill);
        List<CrashRecoveryIT.Accepted> accepted;
        try (ServiceProcess first = new ServiceProcess(dir, env()).start()) {
            accepted = CrashRecoveryIT.uploadAll(first, IMAGES);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> CrashRecoveryIT.published(dir) >= publishedBeforeKill);
            first.kill();
        }
        assertTrue(CrashRecoveryIT.published(dir) < IMAGES, "the kill came while work remained");
        try (ServiceProcess second = new ServiceProcess(dir, env()).start()) {
            CrashRecoveryIT.assertAllPublished(second, accepted);
        }
        assertEquals(IMAGES, count("status = 'processed'"));
    }

    @Test
    void sigkillDuringUploadsKeepsEveryImageThatWasAnswered202() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("pg-kill-during-upload");
        List<CrashRecoveryIT.Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        try (ServiceProcess first = new ServiceProcess(dir, env()).start()) {
            CrashRecoveryIT.killDuringUploads(first, accepted);
        }
        long rows;
        try (ServiceProcess second = new ServiceProcess(dir, env()).start()) {
            CrashRecoveryIT.assertAllPublished(second, new ArrayList<>(accepted));
            // requests are all or nothing: the rows are the 202-answered images plus, at most, the one
            // request whose transaction committed in the moment between its commit and its answer
            rows = count("true");
            long extra = rows - accepted.size();
            assertTrue(extra == 0 || extra == 3, rows + " rows for " + accepted.size() + " images answered 202: a request "
                    + "cut off by the kill left part of itself");
            await().atMost(Duration.ofSeconds(60)).until(() -> count("status = 'processed'") == rows);
        }
    }

    @Test
    void sigtermReleasesWhatItHeldAndExportsTheJobRegistry() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("pg-term");
        List<CrashRecoveryIT.Accepted> accepted;
        try (ServiceProcess first = new ServiceProcess(dir, env()).start()) {
            HttpResponse<String> changed = first.post("/api/jobs", "application/json", ("{\"id\":\"process-image-queue\","
                    + "\"name\":\"Process Image Queue\",\"description\":\"Process pending images in queue\","
                    + "\"type\":\"process_images\",\"interval\":\"7s\",\"payload\":{\"batch_size\":4}}").getBytes(),
                    Map.of());
            assertEquals(200, changed.statusCode(), changed.body());
            accepted = CrashRecoveryIT.uploadAll(first, IMAGES);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> CrashRecoveryIT.published(dir) >= 5);
            Duration took = first.terminate(Duration.ofSeconds(30));
            assertTrue(took.compareTo(Duration.ofSeconds(25)) < 0, "shutdown took " + took);
        }
        assertEquals(0, count("status = 'processing'"), "a clean stop hands back what it held, no lease is left to expire");
        assertTrue(Files.readString(dir.resolve("jobs.json")).contains("\"7s\""), "the registry is exported at shutdown");
        try (ServiceProcess second = new ServiceProcess(dir, env()).start()) {
            assertEquals("7s", MultiReplicaIT.job(second).path("interval").asText(), "the database kept the job");
            CrashRecoveryIT.assertAllPublished(second, accepted);
        }
    }

    private long count(String where) throws Exception {
        try (Connection c = PostgresSchema.connect(schema.name()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM images WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
