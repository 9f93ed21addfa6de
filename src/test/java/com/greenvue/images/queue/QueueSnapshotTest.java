package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shutdown snapshot lists what was not processed, and the startup cross-check names what is missing. */
class QueueSnapshotTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    final ImageRecord pending = record(0);
    final ImageRecord retry = record(1);
    final ImageRecord failed = record(2);
    final ImageRecord processed = record(3);

    QueueSnapshotTest() {
        retry.failedAttempt("storage: 503", false, 3, T0.plusSeconds(60), T0.plusSeconds(5));
        failed.failedAttempt("not an image", true, 3, null, T0.plusSeconds(5));
        processed.processed(1234, T0.plusSeconds(5));
    }

    @Test
    void listsEveryImageNotProcessedOldestFirstWithCountsByStatus() {
        QueueSnapshot s = QueueSnapshot.of(List.of(processed, failed, retry, pending), T0.plusSeconds(9));

        assertEquals(T0.plusSeconds(9), s.writtenAt());
        assertEquals(new QueueSnapshot.Counts(1, 0, 1, 1, 1), s.counts());
        assertEquals(List.of(pending.id(), retry.id(), failed.id()), s.images().stream().map(QueueSnapshot.Entry::id).toList());
        QueueSnapshot.Entry r = s.images().get(1);
        assertEquals(ImageStatus.RETRY, r.status());
        assertEquals(1, r.retries());
        assertEquals(retry.fileName(), r.fileName());
        assertEquals(retry.createdAt(), r.createdAt());
        assertEquals(T0.plusSeconds(5), r.updatedAt());
    }

    @Test
    void aSnapshotWhoseImagesAreAllRestoredAgrees() {
        QueueSnapshot s = QueueSnapshot.of(List.of(pending, retry, failed, processed), T0);

        QueueSnapshot.Check check = s.check(List.of(pending, retry, failed, processed));

        assertTrue(check.agrees());
        assertEquals(List.of(), check.missing());
        assertEquals("Shutdown snapshot of 2026-11-28T10:00:00Z: 2 waiting images and 1 failed, all restored",
                check.summary());
    }

    @Test
    void anImageListedInTheSnapshotButNotRestoredIsNamed() {
        QueueSnapshot s = QueueSnapshot.of(List.of(pending, retry, failed), T0);

        QueueSnapshot.Check check = s.check(List.of(pending, failed));

        assertFalse(check.agrees());
        assertEquals(List.of(retry.id()), check.missing());
        assertTrue(check.summary().contains(retry.id().toString()), check.summary());
        assertTrue(check.summary().startsWith("Shutdown snapshot of 2026-11-28T10:00:00Z: 2 waiting images and 1 failed, but 1"),
                check.summary());
    }

    @Test
    void anImageProcessedSinceTheSnapshotIsNotMissing() {
        QueueSnapshot s = QueueSnapshot.of(List.of(pending), T0);
        pending.processed(99, T0.plusSeconds(30));

        QueueSnapshot.Check check = s.check(List.of(pending));

        assertTrue(check.agrees());
        assertEquals("Shutdown snapshot of 2026-11-28T10:00:00Z: 1 waiting images, all restored", check.summary());
    }

    private static ImageRecord record(int n) {
        UUID id = UUID.randomUUID();
        return ImageRecord.pending(id, "t-" + n + ".webp", "http://x/" + id, "T", "jpeg", 3, 10, 10, "images", n,
                "req", T0.plusMillis(n));
    }
}
