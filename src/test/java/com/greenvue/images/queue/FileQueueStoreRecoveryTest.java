package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

    private static ImageRecord record() {
        UUID id = UUID.randomUUID();
        return ImageRecord.pending(id, "t-" + id.toString().substring(0, 8) + ".webp", "http://x/" + id, "T", "jpeg",
                3, 10, 10, "images", 0, "req", Instant.now());
    }
}
