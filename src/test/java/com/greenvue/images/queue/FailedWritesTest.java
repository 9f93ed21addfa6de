package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed write never leaves memory ahead of disk (file backend): every transition whose write
 * fails leaves the record exactly as it was, in memory and on disk, and the next attempt works.
 */
class FailedWritesTest {

    @TempDir
    Path dir;

    /** A file store whose record writes fail while {@code failing} is set, as a full or broken disk would. */
    static final class FailingStore extends FileQueueStore {
        volatile boolean failing;

        FailingStore(Path dir) throws IOException {
            super(dir, FileQueueStoreRecoveryTest.JSON);
        }

        @Override
        public void update(ImageRecord record) throws IOException {
            if (failing) {
                throw new IOException("No space left on device (simulated)");
            }
            super.update(record);
        }
    }

    @Test
    void everyTransitionWhoseWriteFailsLeavesTheRecordAsItWas() throws Exception {
        FailingStore store = new FailingStore(dir.resolve("queue"));
        FileQueueBackend backend = new FileQueueBackend(store);
        backend.open(r -> { });
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        UUID id = UUID.randomUUID();
        ImageRecord r = ImageRecord.pending(id, "f.webp", "http://x/f.webp", "t", "jpeg", 3, 1, 1, "images", 0, "req", t);
        backend.insert(List.of(new NewImage(r, Files.write(dir.resolve("u"), new byte[] {1, 2, 3}))), null,
                t.minusSeconds(1), QueueBackendContract.ROOMY);

        store.failing = true;
        // claim
        assertThrows(IOException.class, () -> backend.claim(1, t, x -> { }, x -> x.claim("w", t.plusSeconds(60), t)));
        assertEquals(ImageStatus.PENDING, backend.find(id).orElseThrow().status());
        assertEquals(1, backend.counts().pending());
        store.failing = false;
        ImageRecord claimed = backend.claim(1, t, x -> { }, x -> x.claim("w", t.plusSeconds(60), t)).get(0);

        store.failing = true;
        // attempt failed, processed, release: none of them shows
        assertThrows(IOException.class, () -> backend.update(id, x -> {
            x.failedAttempt("boom", false, 3, t.plusSeconds(5), t);
            return true;
        }));
        assertThrows(IOException.class, () -> backend.update(id, x -> {
            x.processed(10, t);
            return true;
        }));
        assertThrows(IOException.class, () -> backend.update(id, x -> {
            x.requeue(false, t);
            return true;
        }));
        ImageRecord now = backend.find(id).orElseThrow();
        assertEquals(ImageStatus.PROCESSING, now.status());
        assertEquals(0, now.retries());
        assertEquals(claimed.leaseExpiresAt(), now.leaseExpiresAt());
        assertNull(now.outputBytes());
        assertEquals(1, backend.counts().processing());
        // and what is on disk says the same: a restart sees the claim, not a half-made change
        assertEquals(ImageStatus.PROCESSING, store.read(id).orElseThrow().status());

        store.failing = false;
        backend.update(id, x -> {
            x.processed(10, t);
            return true;
        });
        assertEquals(ImageStatus.PROCESSED, backend.find(id).orElseThrow().status());
        assertEquals(1, backend.counts().processed());
    }
}
