package com.greenvue.images.queue;

import com.greenvue.images.TestImages;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A queue folder as a previous run left it: one accepted image and a shutdown snapshot torn in
 * half. Points {@code greenvue.queue.dir} at it before the service starts.
 */
public class SeededQueueResource implements QuarkusTestResourceLifecycleManager {

    /** The seeded image (the same value in the test's class loader and in this one). */
    static final UUID SEEDED = UUID.fromString("5eeded00-0000-4000-8000-000000000001");

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "test-data", "seeded-queue-" + UUID.randomUUID()).toAbsolutePath();
        try {
            FileQueueStore store = new FileQueueStore(dir, FileQueueStoreRecoveryTest.JSON);
            ImageRecord r = ImageRecord.pending(SEEDED, "seeded-5eeded00.webp", "http://localhost/seeded", "Seeded",
                    "jpeg", 0, 100, 80, "images", 0, "seed", Instant.now());
            Path upload = Files.write(dir.resolve("upload.tmp"), TestImages.jpeg(100, 80));
            store.insert(List.of(new NewImage(r, upload)));
            Files.writeString(dir.resolve("snapshot.json"), "{\"written_at\":\"2026-11-28T10:00:00Z\",\"counts\":{\"pen");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("greenvue.queue.dir", dir.toString());
    }

    @Override
    public void stop() {
        // the folder stays under target/ for inspection, like every test's data
    }
}
