package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.TestImages;
import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import com.sksamuel.scrimage.ImmutableImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two packaged service processes on one PostgreSQL schema and one storage folder, as two pods on
 * one database: work accepted by either is processed by both, never by two at once, and what a
 * replica killed with kill -9 held is finished by the other once its lease expires.
 */
@RequiresPostgres
class MultiReplicaIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] PHOTO = TestImages.jpeg(1600, 1200);
    /** B's connections name themselves, so the test can see whether any of its statements still runs. */
    static final String B_APP = "greenvue-replica-b";
    static final Pattern WORKER = Pattern.compile("this process leases images as (\\S+)");

    @RegisterExtension
    final PostgresSchema.PerTest schema = new PostgresSchema.PerTest();
    private Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = CrashRecoveryIT.freshDir("replicas");
    }

    /** The environment of one replica: the shared schema, the shared storage folder, its own data dir. */
    static Map<String, String> env(String schema, Path objects, Duration lease) {
        Map<String, String> env = PostgresSchema.env(schema);
        if (objects != null) {
            env.put("GREENVUE_STORAGE_LOCAL_DIR", objects.toAbsolutePath().toString());
        }
        env.put("GREENVUE_QUEUE_LEASE_DURATION", lease.toSeconds() + "s");
        return env;
    }

    @Test
    void twoReplicasShareTheWorkAndTheSurvivorFinishesWhatAKilledOneHeld() throws Exception {
        Path objects = root.resolve("objects");
        Map<String, String> env = env(schema.name(), objects, Duration.ofSeconds(6));
        List<CrashRecoveryIT.Accepted> accepted = new ArrayList<>();
        Map<String, String> envB = new HashMap<>(env);
        envB.put("DATABASE_URL", env.get("DATABASE_URL") + "&ApplicationName=" + B_APP);
        try (ServiceProcess a = new ServiceProcess(root.resolve("a"), env).start();
                ServiceProcess b = new ServiceProcess(root.resolve("b"), envB).start()) {
            String workerA = workerId(a);
            String workerB = workerId(b);
            // 200 images, one request each, alternately to A and B, accepted while processing is
            // paused: the replicas process a small photo faster than one client uploads it, so
            // without the pause the queue can be empty by the last upload and B never seen holding
            // a lease (CI once waited the whole 120 s for that)
            pauseThroughAndAwaitOn(a, b);
            for (int i = 0; i < 200; i++) {
                accepted.addAll(CrashRecoveryIT.upload(i % 2 == 0 ? a : b, 1, "Replica " + i));
            }
            assertEquals(200, count("status = 'pending'"), "nothing was processed while paused");
            resumeThrough(b);
            // kill B while it holds leases, after both have done some of the work
            long heldByDead = killWhileHoldingLeases(b, workerB);

            CrashRecoveryIT.assertAllPublished(a, accepted);
            assertEquals(200, count("status = 'processed'"));
            assertEquals(200, count("true"), "no image was added or lost");
            assertEquals(0, scalar("SELECT count(*) FROM image_sources"), "every spooled original was freed");

            int takenOver = 0;
            boolean bothWorked = count("record->'claims'->0->>'owner' = '" + workerA + "'") > 0
                    && count("record->'claims'->0->>'owner' = '" + workerB + "'") > 0;
            assertTrue(bothWorked, "both replicas claimed work");
            for (CrashRecoveryIT.Accepted img : accepted) {
                JsonNode claims = JSON.readTree(value("SELECT record::text FROM images WHERE id = '" + img.id() + "'"))
                        .path("claims");
                assertTrue(claims.size() >= 1, img.id());
                // one holder at a time: each lease ended before the next one began
                for (int i = 1; i < claims.size(); i++) {
                    JsonNode prev = claims.get(i - 1);
                    JsonNode next = claims.get(i);
                    assertFalse(prev.path("ended_at").isNull() || prev.path("ended_at").isMissingNode(),
                            "an earlier lease was closed: " + claims);
                    assertFalse(Instant.parse(next.path("claimed_at").asText())
                            .isBefore(Instant.parse(prev.path("ended_at").asText())), "leases overlap: " + claims);
                    if ("expired".equals(prev.path("outcome").asText())) {
                        assertEquals(workerB, prev.path("owner").asText(), "only the killed replica's leases expire");
                        assertFalse(Instant.parse(next.path("claimed_at").asText())
                                .isBefore(Instant.parse(prev.path("lease_until").asText())), "taken over before the lease ended");
                        takenOver++;
                    }
                }
                JsonNode last = claims.get(claims.size() - 1);
                assertEquals("processed", last.path("outcome").asText(), claims.toString());
            }
            assertTrue(heldByDead > 0, "B held leases when it was killed");
            assertEquals(heldByDead, takenOver, "every image the killed replica held was taken over after its lease");
            for (CrashRecoveryIT.Accepted img : accepted) {
                assertTrue(Files.exists(objects.resolve("listing-images").resolve(img.path().substring(img.path().lastIndexOf('/') + 1))));
            }
        }
    }

    @Test
    void jobChangesOnOneReplicaActOnTheOtherAndUploadsOnOneWakeTheOther() throws Exception {
        Path objects = root.resolve("objects");
        Map<String, String> env = env(schema.name(), objects, Duration.ofSeconds(30));
        try (ServiceProcess a = new ServiceProcess(root.resolve("a"), env).start();
                ServiceProcess b = new ServiceProcess(root.resolve("b"), env).start()) {
            // a one-hour tick: only a wake-up can process within the test
            String hourly = "{\"id\":\"process-image-queue\",\"name\":\"Process Image Queue\",\"description\":\"d\","
                    + "\"type\":\"process_images\",\"interval\":\"1h\",\"payload\":{\"batch_size\":10}}";
            assertEquals(200, a.post("/api/jobs", "application/json", hourly.getBytes(), Map.of()).statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    job(b).path("interval").asText().equals("1h"));

            // paused through A: B stops too; an upload to B waits
            pauseThroughAndAwaitOn(a, b);
            CrashRecoveryIT.Accepted waiting = CrashRecoveryIT.upload(b, 1, "Paused").get(0);
            Thread.sleep(1500); // nothing to poll for: the absence of processing over a while is the point
            assertEquals("pending", status(a, waiting.id()));

            // resumed through B: the waiting image is processed at once (no tick for an hour)
            resumeThrough(b);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(a, waiting.id()).equals("processed"));

            // an upload to A is picked up at once with a one-hour tick
            CrashRecoveryIT.Accepted woke = CrashRecoveryIT.upload(a, 1, "Wake").get(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(b, woke.id()).equals("processed"));

            // deleted through A: gone on B, and nothing processes an upload to B
            HttpResponse<String> deleted = a.http.send(java.net.http.HttpRequest.newBuilder(a.uri("/api/jobs/process-image-queue"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, deleted.statusCode(), deleted.body());
            await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/api/jobs/process-image-queue").statusCode() == 404);
            CrashRecoveryIT.Accepted orphan = CrashRecoveryIT.upload(b, 1, "Deleted").get(0);
            Thread.sleep(1500);
            assertEquals("pending", status(b, orphan.id()));
            assertEquals(201, b.post("/api/jobs", "application/json", hourly.getBytes(), Map.of()).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> status(a, orphan.id()).equals("processed"));
            ImmutableImage img = TestImages.decode(a.getBytes(orphan.path()).body());
            assertEquals(640, img.height);
        }
    }

    /**
     * Kills {@code b} with kill -9 at a moment it holds leases, once both replicas have done some
     * work; returns how many it held. A replica finishes a small image in tens of milliseconds,
     * so "holds leases" seen by one query can be over before a kill lands: B is stopped first
     * (SIGSTOP), and once none of its statements is still running on the server, what the
     * database shows committed is what the kill leaves (an open transaction is rolled back). If
     * B holds nothing at that moment it is let go on and tried again.
     */
    private long killWhileHoldingLeases(ServiceProcess b, String workerB) throws Exception {
        String heldByB = "status = 'processing' AND lease_owner = '" + workerB + "'";
        assertTrue(scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + B_APP + "'") > 0,
                "B's connections carry its application name");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            await().atMost(Duration.between(Instant.now(), deadline)).pollInterval(Duration.ofMillis(5)).until(() ->
                    count(heldByB) > 0 && count("status = 'processed'") >= 20);
            b.suspend();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() ->
                    scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + B_APP
                            + "' AND state = 'active'") == 0);
            long held = count(heldByB);
            if (held > 0) {
                b.kill();
                return held;
            }
            b.resume();
        }
        throw new AssertionError("B never held a lease when stopped within 120 s");
    }

    /** Pauses the image job through {@code through} and waits until {@code other} reports it paused. */
    static void pauseThroughAndAwaitOn(ServiceProcess through, ServiceProcess other) throws Exception {
        assertEquals(200, through.post("/api/jobs/process-image-queue/pause", "application/json", new byte[0], Map.of()).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> job(other).path("state").asText().equals("paused"));
    }

    static void resumeThrough(ServiceProcess through) throws Exception {
        assertEquals(200, through.post("/api/jobs/process-image-queue/resume", "application/json", new byte[0], Map.of()).statusCode());
    }

    static JsonNode job(ServiceProcess s) throws Exception {
        return JSON.readTree(s.get("/api/jobs/process-image-queue").body()).path("data");
    }

    static String status(ServiceProcess s, String id) throws Exception {
        return JSON.readTree(s.get("/api/images/" + id).body()).path("data").path("status").asText();
    }

    static String workerId(ServiceProcess s) throws Exception {
        Matcher m = WORKER.matcher(s.log());
        assertTrue(m.find(), "the start names its worker id");
        String id = m.group(1);
        return id;
    }

    private long count(String where) throws Exception {
        return scalar("SELECT count(*) FROM images WHERE " + where);
    }

    private long scalar(String sql) throws Exception {
        return Long.parseLong(value(sql));
    }

    private String value(String sql) throws Exception {
        try (Connection c = PostgresSchema.connect(schema.name()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
