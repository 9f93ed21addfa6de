package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link QueueBackend} promises, run against each backend (file, PostgreSQL): atomic
 * intake with limits and idempotent replays, claims oldest first and never twice, lease recovery,
 * changes saved before they are seen, retention, counts. No Quarkus: the backend alone.
 */
abstract class QueueBackendContract {

    static final QueueBackend.Limits ROOMY = new QueueBackend.Limits(1000, 1L << 30);

    @TempDir
    Path tmp;

    /** A new, empty backend; {@link #reopen()} opens a second one on the same store. */
    abstract QueueBackend backend() throws Exception;

    abstract QueueBackend reopen() throws Exception;

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    NewImage image(Instant created, int part, byte[] bytes) throws Exception {
        UUID id = UUID.randomUUID();
        ImageRecord r = ImageRecord.pending(id, "f-" + id + ".webp", "http://x/f-" + id + ".webp", "title", "jpeg",
                bytes.length, 10, 10, "images", part, "req", created);
        Path file = Files.write(tmp.resolve(id + ".upload"), bytes);
        return new NewImage(r, file);
    }

    List<ImageRecord> insert(QueueBackend b, int n) throws Exception {
        List<NewImage> images = new ArrayList<>();
        Instant t = now();
        for (int i = 0; i < n; i++) {
            images.add(image(t.plusMillis(i), i, new byte[] {(byte) i, 1, 2, 3}));
        }
        return b.insert(images, null, t.minusSeconds(60), ROOMY).records();
    }

    static List<ImageRecord> claim(QueueBackend b, int max, String owner) throws Exception {
        Instant now = now();
        return b.claim(max, now, r -> r.leaseExpired("lease expired", 3, now),
                r -> r.claim(owner, now.plusSeconds(60), now));
    }

    @Test
    void anInsertIsReadBackWithItsBytes() throws Exception {
        QueueBackend b = backend();
        NewImage img = image(now(), 0, new byte[] {9, 8, 7, 6, 5});
        ImageQueue.Intake in = b.insert(List.of(img), null, now().minusSeconds(1), ROOMY);
        assertFalse(in.replayed());
        UUID id = img.record().id();
        assertEquals(ImageStatus.PENDING, b.find(id).orElseThrow().status());
        assertArrayEquals(new byte[] {9, 8, 7, 6, 5}, b.readSource(id));
        assertTrue(b.hasSource(id));
        assertEquals(5, b.counts().spoolBytes());
        assertEquals(1, b.counts().pending());
        assertEquals(Optional.empty(), b.find(UUID.randomUUID()));
    }

    @Test
    void theSameIdempotencyKeyReplaysTheFirstRequestAndSavesNothing() throws Exception {
        QueueBackend b = backend();
        Instant t = now();
        NewImage a = image(t, 0, new byte[] {1});
        NewImage c = image(t, 1, new byte[] {2});
        a.record().idempotencyKey("k1");
        c.record().idempotencyKey("k1");
        b.insert(List.of(a, c), "k1", t.minusSeconds(60), ROOMY);
        NewImage again = image(now(), 0, new byte[] {3});
        again.record().idempotencyKey("k1");
        ImageQueue.Intake replay = b.insert(List.of(again), "k1", t.minusSeconds(60), ROOMY);
        assertTrue(replay.replayed());
        assertEquals(List.of(a.record().id(), c.record().id()), replay.records().stream().map(ImageRecord::id).toList());
        assertEquals(Optional.empty(), b.find(again.record().id()));
        // outside the window the key is new again
        NewImage later = image(now(), 0, new byte[] {4});
        later.record().idempotencyKey("k1");
        assertFalse(b.insert(List.of(later), "k1", now(), ROOMY).replayed());
    }

    @Test
    void limitsRefuseTheWholeRequestAndSaveNothing() throws Exception {
        QueueBackend b = backend();
        insert(b, 2);
        NewImage x = image(now(), 0, new byte[] {1, 2});
        NewImage y = image(now(), 1, new byte[] {1, 2});
        QueueFullException full = assertThrows(QueueFullException.class,
                () -> b.insert(List.of(x, y), null, now(), new QueueBackend.Limits(3, 1L << 30)));
        assertEquals("queue_full", full.code());
        QueueFullException spool = assertThrows(QueueFullException.class,
                () -> b.insert(List.of(x), null, now(), new QueueBackend.Limits(100, 9)));
        assertEquals("spool_full", spool.code());
        assertEquals(Optional.empty(), b.find(x.record().id()));
        assertEquals(2, b.counts().pending());
    }

    @Test
    void claimsTakeTheOldestFirstAndNeverTheSameImageTwice() throws Exception {
        QueueBackend b = backend();
        List<ImageRecord> in = insert(b, 5);
        List<ImageRecord> first = claim(b, 2, "w1");
        assertEquals(List.of(in.get(0).id(), in.get(1).id()), first.stream().map(ImageRecord::id).toList());
        assertEquals("w1", first.get(0).leaseOwner());
        assertEquals(ImageStatus.PROCESSING, b.find(in.get(0).id()).orElseThrow().status());
        List<ImageRecord> rest = claim(b, 10, "w2");
        assertEquals(3, rest.size());
        assertTrue(claim(b, 10, "w3").isEmpty());
        assertEquals(5, b.counts().processing());
    }

    @Test
    void concurrentClaimersSplitTheWorkWithoutOverlap() throws Exception {
        QueueBackend b = backend();
        insert(b, 60);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<UUID>>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String owner = "w" + w;
                results.add(pool.submit((Callable<List<UUID>>) () -> {
                    List<UUID> mine = new ArrayList<>();
                    List<ImageRecord> got;
                    while (!(got = claim(b, 3, owner)).isEmpty()) {
                        got.forEach(r -> mine.add(r.id()));
                    }
                    return mine;
                }));
            }
            List<UUID> all = new ArrayList<>();
            for (Future<List<UUID>> f : results) {
                all.addAll(f.get());
            }
            assertEquals(60, all.size());
            assertEquals(60, new HashSet<>(all).size(), "no image claimed twice");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredLeaseIsReclaimedAsAFailedAttemptAndClaimedAgain() throws Exception {
        QueueBackend b = backend();
        ImageRecord r = insert(b, 1).get(0);
        Instant t0 = now();
        b.claim(1, t0, x -> { }, x -> x.claim("dead", t0.plusMillis(1), t0));
        Instant later = t0.plusSeconds(1);
        List<ImageRecord> again = b.claim(1, later, x -> x.leaseExpired("lease expired", 3, later),
                x -> x.claim("alive", later.plusSeconds(60), later));
        assertEquals(1, again.size());
        ImageRecord now = b.find(r.id()).orElseThrow();
        assertEquals("alive", now.leaseOwner());
        assertEquals(1, now.retries());
        assertEquals(2, now.claims().size());
        assertEquals("expired", now.claims().get(0).outcome());
        assertNull(now.claims().get(1).endedAt());
    }

    @Test
    void aChangeThatSaysNoIsNotSavedAndAThrowingChangeLeavesTheRecordAsItWas() throws Exception {
        QueueBackend b = backend();
        ImageRecord r = insert(b, 1).get(0);
        b.update(r.id(), x -> {
            x.claim("someone", now(), now());
            return false;
        });
        assertEquals(ImageStatus.PENDING, b.find(r.id()).orElseThrow().status());
        assertThrows(IllegalStateException.class, () -> b.update(r.id(), x -> {
            x.claim("someone", now(), now());
            throw new IllegalStateException("refused");
        }));
        assertEquals(ImageStatus.PENDING, b.find(r.id()).orElseThrow().status());
        assertEquals(Optional.empty(), b.update(UUID.randomUUID(), x -> true));
    }

    @Test
    void processedRecordsAreReadFromTheStoreAndSurviveAReopen() throws Exception {
        QueueBackend b = backend();
        ImageRecord r = insert(b, 1).get(0);
        ImageRecord claimed = claim(b, 1, "w").get(0);
        Instant t = now();
        b.update(r.id(), x -> {
            x.processed(1234, t);
            return true;
        });
        ImageRecord done = b.find(r.id()).orElseThrow();
        assertEquals(ImageStatus.PROCESSED, done.status());
        assertEquals(1234L, done.outputBytes());
        assertEquals("processed", done.claims().get(0).outcome());
        assertEquals(claimed.leaseExpiresAt(), done.claims().get(0).leaseUntil());
        assertFalse(b.hasSource(r.id()));
        QueueBackend again = reopen();
        again.open(x -> x.requeue(false, now()));
        assertEquals(ImageStatus.PROCESSED, again.find(r.id()).orElseThrow().status());
        assertEquals(1, again.counts().processed());
        assertEquals(1, again.list(ImageStatus.PROCESSED, 0, 10).items().size());
    }

    @Test
    void retentionForgetsOldProcessedAndFailedImagesOnly() throws Exception {
        QueueBackend b = backend();
        List<ImageRecord> in = insert(b, 3);
        Instant t = now();
        b.update(in.get(0).id(), x -> {
            x.processed(1, t);
            return true;
        });
        b.update(in.get(1).id(), x -> {
            x.failedAttempt("bad", true, 3, null, t);
            return true;
        });
        assertEquals(List.of(in.get(1).id()), b.requeueableFailed());
        assertEquals(0, b.purge(t.minusSeconds(1), t.minusSeconds(1)));
        assertEquals(2, b.purge(t.plusSeconds(1), t.plusSeconds(1)));
        assertEquals(Optional.empty(), b.find(in.get(0).id()));
        assertEquals(Optional.empty(), b.find(in.get(1).id()));
        assertFalse(b.hasSource(in.get(1).id()));
        assertEquals(ImageStatus.PENDING, b.find(in.get(2).id()).orElseThrow().status());
    }

    @Test
    void nextDueIsTheEarliestBackoffEndOrLeaseExpiry() throws Exception {
        QueueBackend b = backend();
        List<ImageRecord> in = insert(b, 2);
        Instant t = now();
        Instant retryAt = t.plusSeconds(30);
        b.update(in.get(0).id(), x -> {
            x.claim("w", t.plusSeconds(90), t);
            x.failedAttempt("temporary", false, 3, retryAt, t);
            return true;
        });
        assertEquals(Optional.of(retryAt), b.nextDue());
        // not ready before its backoff ends
        List<ImageRecord> got = claim(b, 10, "w");
        assertEquals(List.of(in.get(1).id()), got.stream().map(ImageRecord::id).toList());
        assertEquals(Optional.of(retryAt), b.nextDue().filter(d -> !d.isAfter(got.get(0).leaseExpiresAt())));
    }

    @Test
    void pagesAreOldestFirstWithTheTotal() throws Exception {
        QueueBackend b = backend();
        List<ImageRecord> in = insert(b, 5);
        ImageQueue.Page page = b.list(ImageStatus.PENDING, 1, 2);
        assertEquals(5, page.total());
        assertEquals(List.of(in.get(1).id(), in.get(2).id()), page.items().stream().map(ImageRecord::id).toList());
        assertEquals(5, b.list(null, 0, 100).items().size());
    }

    /** Helper for subclasses: ids in a set, order ignored. */
    static Set<UUID> ids(List<ImageRecord> records) {
        Set<UUID> out = new HashSet<>();
        records.forEach(r -> out.add(r.id()));
        return Collections.unmodifiableSet(out);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
