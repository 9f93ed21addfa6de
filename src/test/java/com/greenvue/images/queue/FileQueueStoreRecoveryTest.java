package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash can leave on disk is recovered or set aside at startup, never fatal. */
class FileQueueStoreRecoveryTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    @Test
    void savedRecordsAndBytesComeBackAfterARestart() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        ImageRecord r = record();
        Path upload = Files.write(dir.resolve("upload.tmp"), new byte[] {1, 2, 3});
        store.insert(List.of(new NewImage(r, upload)));

        FileQueueStore reopened = new FileQueueStore(dir, JSON);
        List<ImageRecord> loaded = reopened.loadAll();
        assertEquals(1, loaded.size());
        assertEquals(r.id(), loaded.get(0).id());
        assertEquals(ImageStatus.PENDING, loaded.get(0).status());
        assertEquals(3, reopened.readSource(r.id()).length);
        assertEquals(3, reopened.sourceBytes());
    }

    @Test
    void tornRecordAndOrphanSpoolFileAreQuarantinedAndLeftoverTempFilesRemoved() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        ImageRecord good = record();
        store.insert(List.of(new NewImage(good, Files.write(dir.resolve("u1"), new byte[10]))));
        UUID torn = UUID.randomUUID();
        Files.writeString(dir.resolve("records").resolve(torn + ".json"), "{\"id\":\"" + torn + "\",\"sta");
        Files.write(dir.resolve("spool").resolve(UUID.randomUUID() + ".img"), new byte[5]);
        Files.writeString(dir.resolve("records").resolve(good.id() + ".json.tmp"), "half a write");

        List<ImageRecord> loaded = new FileQueueStore(dir, JSON).loadAll();
        assertEquals(List.of(good.id()), loaded.stream().map(ImageRecord::id).toList());
        try (Stream<Path> q = Files.list(dir.resolve("quarantine"))) {
            assertEquals(2, q.count(), "torn record and orphan bytes kept for inspection");
        }
        assertFalse(Files.exists(dir.resolve("records").resolve(good.id() + ".json.tmp")));
    }

    @Test
    void aFailedIntakeLeavesNothingBehind() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        ImageRecord a = record();
        ImageRecord b = record();
        Path exists = Files.write(dir.resolve("a"), new byte[4]);
        Path missing = dir.resolve("never-written");
        try {
            store.insert(List.of(new NewImage(a, exists), new NewImage(b, missing)));
        } catch (java.io.IOException expected) {
            // the second image's bytes are missing: the whole intake fails
        }
        assertTrue(new FileQueueStore(dir, JSON).loadAll().isEmpty());
        try (Stream<Path> spool = Files.list(dir.resolve("spool"))) {
            assertEquals(0, spool.count());
        }
    }

    @Test
    void theShutdownSnapshotIsWrittenWholeAndTakenOnlyOnce() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        ImageRecord r = record();
        QueueSnapshot written = QueueSnapshot.of(List.of(r), Instant.parse("2026-11-28T10:00:00Z"));
        store.writeShutdownSnapshot(written);

        JsonNode file = JSON.readTree(dir.resolve("snapshot.json").toFile());
        assertEquals("2026-11-28T10:00:00Z", file.path("written_at").asText());
        assertEquals(1, file.path("counts").path("pending").asInt());
        assertEquals(r.id().toString(), file.path("images").path(0).path("id").asText());
        assertEquals("pending", file.path("images").path(0).path("status").asText());
        assertEquals(r.fileName(), file.path("images").path(0).path("file_name").asText());
        assertFalse(Files.exists(dir.resolve("snapshot.json.tmp")));

        FileQueueStore reopened = new FileQueueStore(dir, JSON);
        assertEquals(Optional.of(written), reopened.takeShutdownSnapshot());
        assertFalse(Files.exists(dir.resolve("snapshot.json")), "set aside, so never compared twice");
        assertEquals(1, setAside().size());
        assertEquals(Optional.empty(), reopened.takeShutdownSnapshot());
    }

    @Test
    void onlyTheLastFewSetAsideSnapshotsAreKept() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        for (int i = 0; i < FileQueueStore.KEPT_SNAPSHOTS + 3; i++) {
            store.writeShutdownSnapshot(QueueSnapshot.of(List.of(), Instant.now()));
            assertTrue(store.takeShutdownSnapshot().isPresent());
            Thread.sleep(3); // set-aside files are named by the millisecond
        }
        assertEquals(FileQueueStore.KEPT_SNAPSHOTS, setAside().size());
    }

    @Test
    void aCorruptSnapshotIsSetAsideAndReportedAndTheRecordsStillLoad() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        ImageRecord r = record();
        store.insert(List.of(new NewImage(r, Files.write(dir.resolve("u"), new byte[3]))));
        Files.writeString(dir.resolve("snapshot.json"), "{\"written_at\":\"2026-11-28T10:00:00Z\",\"ima");

        FileQueueStore reopened = new FileQueueStore(dir, JSON);
        assertEquals(List.of(r.id()), reopened.loadAll().stream().map(ImageRecord::id).toList());
        IOException e = assertThrows(IOException.class, reopened::takeShutdownSnapshot);
        assertTrue(e.getMessage().contains("unreadable") && e.getMessage().contains("moved to"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("snapshot.json")));
        assertTrue(setAside().get(0).getFileName().toString().endsWith("-unreadable.json"), setAside().toString());
        assertEquals(Optional.empty(), reopened.takeShutdownSnapshot());
    }

    @Test
    void aSnapshotWithoutItsImagesIsUnreadableAndASnapshotWriteCutShortIsNoSnapshot() throws Exception {
        FileQueueStore store = new FileQueueStore(dir, JSON);
        Files.writeString(dir.resolve("snapshot.json.tmp"), "{\"written_at\":");
        assertEquals(Optional.empty(), store.takeShutdownSnapshot());
        assertFalse(Files.exists(dir.resolve("snapshot.json.tmp")));

        Files.writeString(dir.resolve("snapshot.json"), "{\"written_at\":\"2026-11-28T10:00:00Z\"}");
        assertThrows(IOException.class, store::takeShutdownSnapshot);
        assertEquals(1, setAside().size());
    }

    private List<Path> setAside() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
            return s.sorted().toList();
        }
    }

    private static ImageRecord record() {
        UUID id = UUID.randomUUID();
        return ImageRecord.pending(id, "t-" + id.toString().substring(0, 8) + ".webp", "http://x/" + id, "T", "jpeg",
                3, 10, 10, "images", 0, "req", Instant.now());
    }
}
