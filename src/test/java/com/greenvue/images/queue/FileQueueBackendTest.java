package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The backend contract on the file backend, and what only the file backend does. */
class FileQueueBackendTest extends QueueBackendContract {

    private Path dir;

    @Override
    QueueBackend backend() throws Exception {
        dir = tmp.resolve("queue");
        QueueBackend b = new FileQueueBackend(new FileQueueStore(dir, FileQueueStoreRecoveryTest.JSON));
        b.open(r -> { });
        return b;
    }

    @Override
    QueueBackend reopen() throws Exception {
        return new FileQueueBackend(new FileQueueStore(dir, FileQueueStoreRecoveryTest.JSON));
    }

    /**
     * The record write and the freeing of the bytes are two file operations: a stop between them
     * leaves the bytes of a processed image, and the next start frees them (they count against
     * the spool limit otherwise).
     */
    @Test
    void bytesLeftBesideAProcessedRecordAreFreedAtTheNextStart() throws Exception {
        QueueBackend b = backend();
        ImageRecord r = insert(b, 1).get(0);
        claim(b, 1, "w");
        Path spooled = dir.resolve("spool").resolve(r.id() + ".img");
        byte[] original = Files.readAllBytes(spooled);
        b.update(r.id(), x -> {
            x.processed(10, now());
            return true;
        });
        assertFalse(Files.exists(spooled), "processing frees the bytes");
        Files.write(spooled, original); // as if the process stopped before the delete

        QueueBackend again = reopen();
        again.open(x -> { });
        assertFalse(again.hasSource(r.id()));
        assertFalse(Files.exists(spooled));
        assertEquals(ImageStatus.PROCESSED, again.find(r.id()).orElseThrow().status());
        assertTrue(again.counts().processed() == 1);
    }
}
