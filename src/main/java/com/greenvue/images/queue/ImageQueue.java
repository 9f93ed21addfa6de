package com.greenvue.images.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.api.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The queue of uploaded images: the single owner of image records and of every status change.
 * Each change is written to the {@link QueueStore} before it is visible, so what the API has
 * said is never lost. Holds records only, never image bytes or decoded pixels.
 */
@ApplicationScoped
public class ImageQueue {

    private static final Logger LOG = Logger.getLogger(ImageQueue.class);

    private final Map<UUID, ImageRecord> records = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile boolean restored;

    @Inject
    QueueConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Event<ImagesEnqueued> enqueued;

    private QueueStore store;

    void restore(@Observes @Priority(10) StartupEvent ev) throws IOException {
        store = new FileQueueStore(Path.of(config.dir()), json);
        Instant now = Instant.now();
        int requeued = 0;
        for (ImageRecord r : store.loadAll()) {
            if (r.status() == ImageStatus.PROCESSING) {
                // the process stopped while a worker held it: put it back, no attempt counted
                r.requeue(false, now);
                store.update(r);
                requeued++;
            }
            records.put(r.id(), r);
        }
        restored = true;
        QueueCounts c = counts();
        LOG.infof("Image queue restored from %s: %d waiting (%d were in processing and were requeued), "
                + "%d processed, %d failed", config.dir(), c.waiting(), requeued, c.processed(), c.failed());
        crossCheckShutdownSnapshot();
        if (c.waiting() > 0) {
            enqueued.fire(new ImagesEnqueued((int) c.waiting()));
        }
    }

    /**
     * Compares the records just restored with the snapshot of the last clean shutdown, if any, and
     * logs the outcome. The records are the truth either way; nothing here can fail the start.
     */
    Optional<QueueSnapshot.Check> crossCheckShutdownSnapshot() {
        Optional<QueueSnapshot> snapshot;
        try {
            snapshot = store.takeShutdownSnapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Shutdown snapshot not compared: %s. The queue was restored from its records as always",
                    e.getMessage());
            return Optional.empty();
        }
        if (snapshot.isEmpty()) {
            if (!records.isEmpty()) {
                LOG.info("No shutdown snapshot: the previous run did not stop cleanly (kill -9, crash, power loss) "
                        + "or predates snapshots. The queue was restored from its records as always");
            }
            return Optional.empty();
        }
        QueueSnapshot.Check check = snapshot.get().check(records.values());
        if (check.agrees()) {
            LOG.info(check.summary());
        } else {
            LOG.warn(check.summary());
        }
        return Optional.of(check);
    }

    /**
     * After the worker has drained and returned unfinished images to the queue (its observer has
     * the default priority, 2500), so the snapshot shows what is really left for the next start.
     */
    void snapshotAtShutdown(@Observes @Priority(5000) ShutdownEvent ev) {
        writeShutdownSnapshot();
    }

    /** Writes the snapshot of every image not processed; a failure is logged, never thrown (recovery does not need it). */
    Optional<QueueSnapshot> writeShutdownSnapshot() {
        if (!restored) {
            // the start failed before the queue was read: an empty snapshot would be a false statement
            return Optional.empty();
        }
        QueueSnapshot snapshot;
        synchronized (lock) {
            snapshot = QueueSnapshot.of(records.values(), Instant.now());
        }
        try {
            store.writeShutdownSnapshot(snapshot);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not write the shutdown snapshot (%s); nothing is lost, the next start restores "
                    + "from the per-image records", e.getMessage());
            return Optional.empty();
        }
        QueueSnapshot.Counts c = snapshot.counts();
        LOG.infof("Shutdown snapshot written to %s: %d pending, %d processing, %d retry, %d failed",
                config.dir(), c.pending(), c.processing(), c.retry(), c.failed());
        return Optional.of(snapshot);
    }

    public boolean isRestored() {
        return restored;
    }

    /**
     * Durably queues all images or none. Throws a 503 {@link ApiException} when the queue or the
     * spool is full, or the spool cannot be written.
     */
    public List<ImageRecord> enqueue(List<NewImage> images) {
        return enqueue(images, null).records();
    }

    /** The images a request queued, and whether they are a replay of an earlier request with the same key. */
    public record Intake(List<ImageRecord> records, boolean replayed) {
    }

    /**
     * Like {@link #enqueue(List)}, but a request carrying an {@code idempotencyKey} already seen
     * within the window gets the first request's images back instead of new copies.
     */
    public Intake enqueue(List<NewImage> images, String idempotencyKey) {
        long incomingBytes = images.stream().mapToLong(i -> i.record().originalBytes()).sum();
        List<ImageRecord> accepted;
        synchronized (lock) {
            if (idempotencyKey != null) {
                List<ImageRecord> earlier = byIdempotencyKey(idempotencyKey);
                if (!earlier.isEmpty()) {
                    return new Intake(earlier, true);
                }
                images.forEach(i -> i.record().idempotencyKey(idempotencyKey));
            }
            long waiting = records.values().stream().filter(r -> r.status().isQueued()).count();
            if (waiting + images.size() > config.maxQueued()) {
                throw unavailable("queue_full", "The image queue is full (" + waiting + " images waiting, limit "
                        + config.maxQueued() + "). Retry later.");
            }
            if (store.sourceBytes() + incomingBytes > config.maxSpoolBytes()) {
                throw unavailable("spool_full", "The upload spool is full. Retry later.");
            }
            try {
                store.insert(images);
            } catch (IOException | UncheckedIOException e) {
                LOG.errorf("Could not write %d uploaded images to the spool: %s", images.size(), e.getMessage());
                if (InsufficientStorageException.isDiskFull(e)) {
                    throw new InsufficientStorageException((int) config.retryAfter().toSeconds());
                }
                throw unavailable("spool_unavailable",
                        "The service could not store the upload right now (spool not writable). Retry later.");
            }
            for (NewImage image : images) {
                records.put(image.record().id(), image.record());
            }
            // copied before the wake-up: a worker may claim them the moment it fires, and the 202
            // must show them as accepted (pending), not as whatever the worker made of them since
            accepted = images.stream().map(i -> i.record().copy()).toList();
        }
        enqueued.fire(new ImagesEnqueued(images.size()));
        return new Intake(accepted, false);
    }

    private List<ImageRecord> byIdempotencyKey(String key) {
        Instant since = Instant.now().minus(config.idempotencyWindow());
        return records.values().stream()
                .filter(r -> key.equals(r.idempotencyKey()) && r.createdAt().isAfter(since))
                .sorted(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::partIndex))
                .map(ImageRecord::copy)
                .toList();
    }

    /** A page of records in one status, oldest first. */
    public record Page(List<ImageRecord> items, long total, int offset, int limit) {
    }

    public Page list(ImageStatus status, int offset, int limit) {
        synchronized (lock) {
            List<ImageRecord> all = records.values().stream()
                    .filter(r -> status == null || r.status() == status)
                    .sorted(Comparator.comparing(ImageRecord::createdAt).thenComparing(r -> r.id().toString()))
                    .toList();
            List<ImageRecord> page = all.stream().skip(offset).limit(limit).map(ImageRecord::copy).toList();
            return new Page(page, all.size(), offset, limit);
        }
    }

    /** Puts a failed image back in line with its retries reset. */
    public ImageRecord requeue(UUID id) {
        ImageRecord copy;
        synchronized (lock) {
            ImageRecord r = records.get(id);
            if (r == null) {
                throw new ApiException(404, "image_not_found", "No image with id '" + id + "'.");
            }
            if (r.status() != ImageStatus.FAILED) {
                throw new ApiException(409, "not_failed", "Image " + id + " is " + r.status().json()
                        + "; only failed images can be requeued.");
            }
            if (!store.hasSource(id)) {
                throw new ApiException(410, "source_purged", "The original bytes of image " + id
                        + " were purged by the retention policy; it cannot be requeued.");
            }
            r.requeue(true, Instant.now());
            persist(r);
            copy = r.copy();
        }
        LOG.infof("Image %s requeued by an operator", id);
        enqueued.fire(new ImagesEnqueued(1));
        return copy;
    }

    /** Requeues every failed image whose bytes are still kept; returns how many. */
    public int requeueAllFailed() {
        int n = 0;
        synchronized (lock) {
            Instant now = Instant.now();
            for (ImageRecord r : records.values()) {
                if (r.status() == ImageStatus.FAILED && store.hasSource(r.id())) {
                    r.requeue(true, now);
                    persist(r);
                    n++;
                }
            }
        }
        LOG.infof("%d failed images requeued by an operator", n);
        if (n > 0) {
            enqueued.fire(new ImagesEnqueued(n));
        }
        return n;
    }

    @io.quarkus.scheduler.Scheduled(every = "${greenvue.queue.cleanup-interval:1m}", delayed = "10s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        purgeExpired();
    }

    /** Retention: forgets processed and failed images past their keep time, bytes included. */
    public int purgeExpired() {
        if (!restored) {
            return 0;
        }
        Instant now = Instant.now();
        Instant processedBefore = now.minus(config.processedRetention());
        Instant failedBefore = now.minus(config.failedRetention());
        List<UUID> expired;
        synchronized (lock) {
            expired = records.values().stream()
                    .filter(r -> (r.status() == ImageStatus.PROCESSED && r.updatedAt().isBefore(processedBefore))
                            || (r.status() == ImageStatus.FAILED && r.updatedAt().isBefore(failedBefore)))
                    .map(ImageRecord::id)
                    .toList();
            for (UUID id : expired) {
                try {
                    store.delete(id);
                    records.remove(id);
                } catch (IOException e) {
                    LOG.warnf("Could not purge image %s: %s", id, e.getMessage());
                }
            }
        }
        if (!expired.isEmpty()) {
            LOG.infof("Retention: purged %d processed/failed image records", expired.size());
        }
        return expired.size();
    }

    public Optional<ImageRecord> find(UUID id) {
        ImageRecord r = records.get(id);
        if (r == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            return Optional.of(r.copy());
        }
    }

    /** Claims up to {@code max} ready images, oldest first, leasing them to {@code owner}. */
    public List<ImageRecord> claim(int max, String owner) {
        Instant now = Instant.now();
        List<ImageRecord> claimed = new ArrayList<>();
        synchronized (lock) {
            reclaimExpiredLeases(now);
            List<ImageRecord> ready = records.values().stream()
                    .filter(r -> r.isReady(now))
                    .sorted(Comparator.comparing(ImageRecord::createdAt))
                    .limit(max)
                    .toList();
            for (ImageRecord r : ready) {
                r.claim(owner, now.plus(config.leaseDuration()), now);
                persist(r);
                claimed.add(r.copy());
            }
        }
        return claimed;
    }

    /** Claims one specific image if it is ready (the debug endpoint's process_now). */
    public Optional<ImageRecord> claimOne(UUID id, String owner) {
        Instant now = Instant.now();
        synchronized (lock) {
            ImageRecord r = records.get(id);
            if (r == null || !r.isReady(now)) {
                return Optional.empty();
            }
            r.claim(owner, now.plus(config.leaseDuration()), now);
            persist(r);
            return Optional.of(r.copy());
        }
    }

    /** Whether any image could be claimed right now. */
    public boolean hasReady() {
        Instant now = Instant.now();
        return records.values().stream().anyMatch(r -> r.isReady(now));
    }

    /**
     * When work that is not ready now becomes ready: the earliest retry whose backoff ends, or
     * the earliest lease that expires (its image is then reclaimed).
     */
    public Optional<Instant> nextRetryAt() {
        return records.values().stream()
                .map(r -> r.status() == ImageStatus.RETRY ? r.nextAttemptAt()
                        : r.status() == ImageStatus.PROCESSING ? r.leaseExpiresAt() : null)
                .filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    public byte[] readSource(UUID id) throws IOException {
        return store.readSource(id);
    }

    /**
     * Records that the WebP of {@code claim} is published. A success always counts, even from an
     * attempt whose lease has expired meanwhile (the object is in storage either way); only an
     * image already {@code processed} is left as it is.
     */
    public void markProcessed(ImageRecord claim, long outputBytes) {
        UUID id = claim.id();
        synchronized (lock) {
            ImageRecord r = records.get(id);
            if (r == null || r.status() == ImageStatus.PROCESSED) {
                return;
            }
            if (!holdsLease(r, claim)) {
                LOG.infof("Image %s was published by an attempt whose lease had expired (it was %s): recorded as processed",
                        id, r.status().name().toLowerCase(Locale.ROOT));
            }
            r.processed(outputBytes, Instant.now());
            persist(r);
        }
        try {
            store.deleteSource(id);
        } catch (IOException e) {
            LOG.warnf("Could not free the spool bytes of processed image %s: %s", id, e.getMessage());
        }
    }

    /**
     * Records a failed attempt: retry with backoff while retries remain, failed otherwise or when
     * permanent. Only the attempt that still holds the image's lease may do so: a late failure from
     * a lease that expired (the image was reclaimed, maybe processed since) is not recorded, and
     * the answer is null, as for an image that no longer exists.
     */
    public ImageRecord markAttemptFailed(ImageRecord claim, String error, boolean permanent) {
        synchronized (lock) {
            ImageRecord r = records.get(claim.id());
            if (r == null) {
                return null;
            }
            if (!holdsLease(r, claim)) {
                LOG.infof("Late failure of image %s not recorded: its lease expired at %s and it is %s now (%s)",
                        claim.id(), claim.leaseExpiresAt(), r.status().name().toLowerCase(Locale.ROOT), error);
                return null;
            }
            Instant now = Instant.now();
            r.failedAttempt(error, permanent, config.maxRetries(), now.plus(backoff(r.retries() + 1)), now);
            persist(r);
            return r.copy();
        }
    }

    /** The record is still processing under the lease {@code claim} was given (not reclaimed or re-claimed since). */
    private static boolean holdsLease(ImageRecord r, ImageRecord claim) {
        return r.status() == ImageStatus.PROCESSING && claim.leaseExpiresAt() != null
                && claim.leaseExpiresAt().equals(r.leaseExpiresAt()) && Objects.equals(claim.leaseOwner(), r.leaseOwner());
    }

    /** Puts a claimed image back in line without counting an attempt (shutdown before it finished). */
    public void release(UUID id) {
        synchronized (lock) {
            ImageRecord r = records.get(id);
            if (r != null && r.status() == ImageStatus.PROCESSING) {
                r.requeue(false, Instant.now());
                persist(r);
            }
        }
    }

    public QueueCounts counts() {
        QueueSnapshot.Counts n;
        Instant oldest;
        synchronized (lock) {
            n = QueueSnapshot.Counts.of(records.values());
            oldest = records.values().stream().filter(r -> r.status().isQueued()).map(ImageRecord::createdAt)
                    .min(Comparator.naturalOrder()).orElse(null);
        }
        return new QueueCounts(n.pending(), n.processing(), n.retry(), n.processed(), n.failed(), oldest,
                store == null ? 0 : store.sourceBytes());
    }

    public boolean isStoreWritable() {
        return store != null && store.isWritable();
    }

    /** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long base = config.retryBaseDelay().toMillis();
        long cap = config.retryMaxDelay().toMillis();
        long ceiling = attempt >= 31 ? cap : Math.min(cap, base * (1L << Math.max(0, attempt - 1)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private void reclaimExpiredLeases(Instant now) {
        for (ImageRecord r : records.values()) {
            if (r.status() == ImageStatus.PROCESSING && r.leaseExpiresAt() != null && r.leaseExpiresAt().isBefore(now)) {
                LOG.warnf("Lease of image %s held by %s expired at %s without completion; back to retry",
                        r.id(), r.leaseOwner(), r.leaseExpiresAt());
                r.failedAttempt("lease expired after " + config.leaseDuration() + " without completion", false,
                        config.maxRetries(), now, now);
                persist(r);
            }
        }
    }

    private void persist(ImageRecord r) {
        try {
            store.update(r);
        } catch (IOException e) {
            throw new UncheckedIOException("could not persist image record " + r.id(), e);
        }
    }

    private ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message, null, (int) Math.max(1, config.retryAfter().toSeconds()));
    }
}
