package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file backend keeps no processed image in memory (issue 11): after many images are processed
 * the heap holds no record and one count per day, and lookups, counts, pages, idempotent replays
 * and retention still answer from disk, before and after a restart, also when a crash left the
 * on-disk index out of step with the records.
 */
class ProcessedHistoryOnDiskTest {

    /** Three days of uploads, 20 a day, created an hour apart from midnight on. */
    static final Instant DAY1 = Instant.parse("2026-11-20T00:00:00Z");
    static final int PER_DAY = 20;

    @TempDir
    Path tmp;

    private FileQueueBackend open() throws Exception {
        FileQueueBackend b = new FileQueueBackend(new FileQueueStore(tmp.resolve("queue"), FileQueueStoreRecoveryTest.JSON));
        b.open(r -> r.requeue(false, Instant.now()));
        return b;
    }

    private NewImage image(Instant created, int part, String key) throws Exception {
        UUID id = UUID.randomUUID();
        ImageRecord r = ImageRecord.pending(id, "f-" + id + ".webp", "http://x/f-" + id + ".webp", "title", "jpeg",
                3, 10, 10, "images", part, "req", created);
        r.idempotencyKey(key);
        return new NewImage(r, Files.write(tmp.resolve(id + ".upload"), new byte[] {1, 2, 3}));
    }

    /** Uploads 3 days of images (one keyed request per day) and processes them all, each an hour after its upload. */
    private List<ImageRecord> processThreeDays(FileQueueBackend b) throws Exception {
        List<ImageRecord> all = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            List<NewImage> request = new ArrayList<>();
            for (int i = 0; i < PER_DAY; i++) {
                request.add(image(DAY1.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(50L * i)), i, "key-" + day));
            }
            all.addAll(b.insert(request, "key-" + day, DAY1.minusSeconds(1), QueueBackendContract.ROOMY).records());
        }
        for (ImageRecord r : all) {
            Instant done = r.createdAt().plus(Duration.ofHours(1));
            b.update(r.id(), x -> {
                x.claim("w", done.plusSeconds(60), done);
                x.processed(100, done);
                return true;
            });
        }
        return all;
    }

    private static List<UUID> oldestFirst(List<ImageRecord> records) {
        return records.stream()
                .sorted(Comparator.comparing(ImageRecord::createdAt).thenComparing(r -> r.id().toString()))
                .map(ImageRecord::id)
                .toList();
    }

    private static List<UUID> ids(ImageQueue.Page page) {
        return page.items().stream().map(ImageRecord::id).toList();
    }

    @Test
    void processedImagesAreNotHeldInMemoryAndAreStillFoundCountedPagedAndReplayed() throws Exception {
        FileQueueBackend b = open();
        List<ImageRecord> all = processThreeDays(b);
        List<UUID> expected = oldestFirst(all);

        for (FileQueueBackend backend : List.of(b, open())) {
            assertEquals(0, backend.heldRecords(), "no processed record in memory");
            assertEquals(3, backend.processedDaysInMemory(), "one count per day, not one entry per image");
            assertEquals(60, backend.counts().processed());
            for (ImageRecord r : all) {
                ImageRecord found = backend.find(r.id()).orElseThrow();
                assertEquals(ImageStatus.PROCESSED, found.status());
                assertEquals(100L, found.outputBytes());
            }
            // pages that start and end inside a day and across days
            for (int[] p : new int[][] {{0, 7}, {15, 10}, {19, 2}, {38, 30}, {59, 5}, {60, 5}}) {
                ImageQueue.Page page = backend.list(ImageStatus.PROCESSED, p[0], p[1]);
                assertEquals(60, page.total());
                assertEquals(expected.subList(Math.min(p[0], 60), Math.min(p[0] + p[1], 60)), ids(page), "page " + p[0]);
            }
            assertEquals(0, backend.list(ImageStatus.PENDING, 0, 10).total());
            // a replay of a processed request is read from disk
            ImageQueue.Intake replay = backend.insert(List.of(image(Instant.now(), 0, "key-1")), "key-1",
                    DAY1.minusSeconds(1), QueueBackendContract.ROOMY);
            assertTrue(replay.replayed());
            assertEquals(PER_DAY, replay.records().size());
            assertEquals(ImageStatus.PROCESSED, replay.records().get(0).status());
        }
    }

    @Test
    void pagesOfAllStatusesMergeHeldWorkWithTheProcessedHistory() throws Exception {
        FileQueueBackend b = open();
        List<ImageRecord> all = new ArrayList<>(processThreeDays(b));
        // unfinished work created in between the processed images of day 2
        List<NewImage> waiting = List.of(image(DAY1.plus(Duration.ofDays(1)).plusSeconds(90), 0, null),
                image(DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(5)), 1, null));
        all.addAll(b.insert(waiting, null, DAY1, QueueBackendContract.ROOMY).records());
        List<UUID> expected = oldestFirst(all);
        for (FileQueueBackend backend : List.of(b, open())) {
            assertEquals(2, backend.heldRecords());
            for (int offset = 0; offset < 62; offset += 9) {
                ImageQueue.Page page = backend.list(null, offset, 9);
                assertEquals(62, page.total());
                assertEquals(expected.subList(offset, Math.min(offset + 9, 62)), ids(page), "page at " + offset);
            }
        }
    }

    @Test
    void retentionForgetsByLastUpdateReadingOnlyTheIndexAndSurvivesARestart() throws Exception {
        FileQueueBackend b = open();
        List<ImageRecord> all = processThreeDays(b);
        // everything processed before day 2, 05:30 goes: day 1 entirely and day 2's first 6 (processed 01:00 ... 05:10)
        Instant cutoff = DAY1.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(330));
        assertEquals(PER_DAY + 6, b.purge(cutoff, Instant.EPOCH));
        assertEquals(60 - PER_DAY - 6, b.counts().processed());
        assertEquals(2, b.processedDaysInMemory());
        assertEquals(0, b.purge(cutoff, Instant.EPOCH));
        for (ImageRecord r : all) {
            boolean gone = r.createdAt().plus(Duration.ofHours(1)).isBefore(cutoff);
            assertEquals(!gone, b.find(r.id()).isPresent(), "record " + r.createdAt());
        }
        FileQueueBackend again = open();
        assertEquals(60 - PER_DAY - 6, again.counts().processed());
        assertEquals(oldestFirst(all).subList(PER_DAY + 6, 60), ids(again.list(ImageStatus.PROCESSED, 0, 100)));
        assertFalse(Files.exists(tmp.resolve("queue/processed/2026-11-20")), "an emptied day's folder goes");
    }

    @Test
    void aStartRepairsAnIndexThatACrashLeftOutOfStepWithTheRecords() throws Exception {
        FileQueueBackend b = open();
        List<ImageRecord> all = processThreeDays(b);
        ImageRecord pending = b.insert(List.of(image(DAY1.plusSeconds(30), 0, null)), null, DAY1,
                QueueBackendContract.ROOMY).records().get(0);
        Path index = tmp.resolve("queue/processed");
        Path day1 = index.resolve("2026-11-20");
        // a marker lost (written, not fsynced, then power loss)
        ProcessedIndex.Entry lost = ProcessedIndex.Entry.of(b.find(all.get(0).id()).orElseThrow());
        Files.delete(day1.resolve(lost.fileName()));
        // a marker made just before a write that never happened, one whose record is gone, one stale twin
        Files.createFile(day1.resolve(ProcessedIndex.Entry.of(pending).fileName()));
        Files.createFile(day1.resolve(new ProcessedIndex.Entry(UUID.randomUUID(), DAY1, DAY1).fileName()));
        ImageRecord twin = b.find(all.get(1).id()).orElseThrow();
        Files.createFile(day1.resolve(new ProcessedIndex.Entry(twin.id(), twin.createdAt(), DAY1).fileName()));
        Files.createFile(day1.resolve("not-a-marker"));

        FileQueueBackend again = open();
        assertEquals(60, again.counts().processed());
        assertEquals(1, again.counts().pending());
        assertTrue(Files.exists(day1.resolve(lost.fileName())), "the lost marker is made again");
        try (Stream<Path> files = Files.list(day1)) {
            assertEquals(PER_DAY, files.count(), "only the markers of day 1's processed records are left");
        }
        List<UUID> expected = new ArrayList<>(oldestFirst(all));
        assertEquals(expected, ids(again.list(ImageStatus.PROCESSED, 0, 100)));
    }
}
