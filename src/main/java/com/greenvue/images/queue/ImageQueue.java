package com.greenvue.images.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.api.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The queue of uploaded images: the one place that decides every status change (limits, leases,
 * backoff, who may record an outcome). The records themselves live in a {@link QueueBackend}
 * chosen by {@code greenvue.queue.backend}: files for one process, PostgreSQL for many replicas.
 * Each change is saved by the backend before it is visible, so what the API has said is never
 * lost. Holds no records of its own, never image bytes or decoded pixels.
 */
@ApplicationScoped
public class ImageQueue {

    private static final Logger LOG = Logger.getLogger(ImageQueue.class);

    /** This process as a lease owner: pid@host plus a per-start suffix (a restarted pod keeps pid 1 and its name). */
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    private volatile boolean restored;

    @Inject
    QueueConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Event<ImagesEnqueued> enqueued;
    @Inject
    Instance<PostgresQueueBackend> postgres;

    private QueueBackend backend;

    void restore(@Observes @Priority(10) StartupEvent ev) throws IOException {
        backend = config.backend() == QueueConfig.Backend.POSTGRES ? postgres.get()
                : new FileQueueBackend(new FileQueueStore(Path.of(config.dir()), json));
        Instant now = now();
        // only records no live worker can hold come back here; on a shared backend their leases expire instead
        int requeued = backend.open(r -> r.requeue(false, now));
        restored = true;
        QueueCounts c = counts();
        LOG.infof("Image queue restored from %s: %d waiting (%d were in processing and were requeued), "
                + "%d processed, %d failed; this process leases images as %s", backend.describe(), c.waiting(),
                requeued, c.processed(), c.failed(), workerId);
        crossCheckShutdownSnapshot();
        if (c.waiting() > 0) {
            enqueued.fire(new ImagesEnqueued((int) c.waiting()));
        }
    }

    /** The owner name this process's workers lease images under. */
    public String workerId() {
        return workerId;
    }

    /** Whether several replicas share the queue (PostgreSQL backend). */
    public boolean isShared() {
        return backend != null && backend.shared();
    }

    /**
     * Compares the records just restored with the snapshot of the last clean shutdown, if any, and
     * logs the outcome. The records are the truth either way; nothing here can fail the start.
     */
    Optional<QueueSnapshot.Check> crossCheckShutdownSnapshot() {
        Optional<QueueSnapshot.Check> check;
        try {
            check = backend.crossCheckShutdownSnapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Shutdown snapshot not compared: %s. The queue was restored from its records as always",
                    e.getMessage());
            return Optional.empty();
        }
        if (check.isEmpty()) {
            if (backend instanceof FileQueueBackend files && !files.isEmpty()) {
                LOG.info("No shutdown snapshot: the previous run did not stop cleanly (kill -9, crash, power loss) "
                        + "or predates snapshots. The queue was restored from its records as always");
            }
            return Optional.empty();
        }
        if (check.get().agrees()) {
            LOG.info(check.get().summary());
        } else {
            LOG.warn(check.get().summary());
        }
        return check;
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
        Optional<QueueSnapshot> snapshot;
        try {
            snapshot = backend.writeShutdownSnapshot(now());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not write the shutdown snapshot (%s); nothing is lost, the next start restores "
                    + "from the per-image records", e.getMessage());
            return Optional.empty();
        }
        snapshot.ifPresent(s -> LOG.infof("Shutdown snapshot written to %s: %d pending, %d processing, %d retry, "
                + "%d failed", config.dir(), s.counts().pending(), s.counts().processing(), s.counts().retry(),
                s.counts().failed()));
        return snapshot;
    }

    public boolean isRestored() {
        return restored;
    }

    /** The images a request queued, and whether they are a replay of an earlier request with the same key. */
    public record Intake(List<ImageRecord> records, boolean replayed) {
    }

    /**
     * Durably queues all images or none. A request carrying an {@code idempotencyKey} already seen
     * within the window gets the first request's images back instead of new copies. Throws a 503
     * {@link ApiException} when the queue or the spool is full, or the spool cannot be written.
     */
    public Intake enqueue(List<NewImage> images, String idempotencyKey) {
        return enqueue(images, idempotencyKey, null);
    }

    /**
     * Like {@link #enqueue(List, String)}; a replay whose {@code fingerprint} (what the request
     * carried) differs from the first request's is refused with 422 {@code idempotency_key_reused}:
     * the key names another request, and answering the first one's images would be a lie.
     */
    public Intake enqueue(List<NewImage> images, String idempotencyKey, String fingerprint) {
        if (idempotencyKey != null) {
            images.forEach(i -> {
                i.record().idempotencyKey(idempotencyKey);
                i.record().requestFingerprint(fingerprint);
            });
        }
        Intake intake;
        try {
            intake = backend.insert(images, idempotencyKey, now().minus(config.idempotencyWindow()),
                    new QueueBackend.Limits(config.maxQueued(), config.maxSpoolBytes()));
        } catch (QueueFullException e) {
            throw unavailable(e.code(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.errorf("Could not write %d uploaded images to the spool: %s", images.size(), e.getMessage());
            if (InsufficientStorageException.isDiskFull(e)) {
                throw new InsufficientStorageException((int) config.retryAfter().toSeconds());
            }
            throw unavailable("spool_unavailable",
                    "The service could not store the upload right now (spool not writable). Retry later.");
        }
        if (intake.replayed()) {
            String first = intake.records().get(0).requestFingerprint();
            if (first != null && fingerprint != null && !first.equals(fingerprint)) {
                throw new ApiException(422, "idempotency_key_reused", "Idempotency-Key '" + idempotencyKey
                        + "' was used within the last " + config.idempotencyWindow().toHours() + " h for a request "
                        + "with other content; use a new key for a new request.");
            }
            return intake;
        }
        enqueued.fire(new ImagesEnqueued(images.size()));
        return intake;
    }

    /** A page of records in one status, oldest first. */
    public record Page(List<ImageRecord> items, long total, int offset, int limit) {
    }

    public Page list(ImageStatus status, int offset, int limit) {
        try {
            return backend.list(status, offset, limit);
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    /** Puts a failed image back in line with its retries reset. */
    public ImageRecord requeue(UUID id) {
        ImageRecord current = find(id).orElseThrow(() ->
                new ApiException(404, "image_not_found", "No image with id '" + id + "'."));
        if (current.status() == ImageStatus.FAILED && !hasSource(id)) {
            throw new ApiException(410, "source_purged", "The original bytes of image " + id
                    + " were purged by the retention policy; it cannot be requeued.");
        }
        Instant now = now();
        ImageRecord after = change(id, r -> {
            if (r.status() != ImageStatus.FAILED) {
                throw new ApiException(409, "not_failed", "Image " + id + " is " + r.status().json()
                        + "; only failed images can be requeued.");
            }
            r.requeue(true, now);
            return true;
        }).orElseThrow(() -> new ApiException(404, "image_not_found", "No image with id '" + id + "'."));
        LOG.infof("Image %s requeued by an operator", id);
        enqueued.fire(new ImagesEnqueued(1));
        return after;
    }

    /** Requeues every failed image whose bytes are still kept; returns how many. */
    public int requeueAllFailed() {
        List<UUID> ids;
        try {
            ids = backend.requeueableFailed();
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
        Instant now = now();
        int n = 0;
        for (UUID id : ids) {
            boolean[] done = {false};
            change(id, r -> {
                if (r.status() != ImageStatus.FAILED) {
                    return false;
                }
                r.requeue(true, now);
                done[0] = true;
                return true;
            });
            n += done[0] ? 1 : 0;
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
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            LOG.warnf("Retention did not run: %s", e.getMessage());
        }
    }

    /** Retention: forgets processed and failed images past their keep time, bytes included. */
    public int purgeExpired() {
        if (!restored) {
            return 0;
        }
        Instant now = now();
        int purged;
        try {
            purged = backend.purge(now.minus(config.processedRetention()), now.minus(config.failedRetention()));
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
        if (purged > 0) {
            LOG.infof("Retention: purged %d processed/failed image records", purged);
        }
        return purged;
    }

    public Optional<ImageRecord> find(UUID id) {
        try {
            return backend.find(id);
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    /** Claims up to {@code max} ready images, oldest first, leasing them to {@code owner}. */
    public List<ImageRecord> claim(int max, String owner) {
        Instant now = now();
        Instant leaseUntil = now.plus(config.leaseDuration());
        try {
            return backend.claim(max, now, r -> {
                LOG.warnf("Lease of image %s held by %s expired at %s without completion; back to retry",
                        r.id(), r.leaseOwner(), r.leaseExpiresAt());
                r.leaseExpired("lease expired after " + config.leaseDuration() + " without completion",
                        config.attempts(), now);
            }, r -> r.claim(owner, leaseUntil, now));
        } catch (IOException e) {
            throw new UncheckedIOException("could not claim images from " + backend.describe(), e);
        }
    }

    /** Claims one specific image if it is ready (the debug endpoint's process_now). */
    public Optional<ImageRecord> claimOne(UUID id, String owner) {
        Instant now = now();
        boolean[] claimed = {false};
        Optional<ImageRecord> after = change(id, r -> {
            if (!r.isReady(now)) {
                return false;
            }
            r.claim(owner, now.plus(config.leaseDuration()), now);
            claimed[0] = true;
            return true;
        });
        return claimed[0] ? after : Optional.empty();
    }

    /**
     * When work that is not ready now becomes ready: the earliest retry whose backoff ends, or
     * the earliest lease that expires (its image is then reclaimed).
     */
    public Optional<Instant> nextRetryAt() {
        try {
            return backend.nextDue();
        } catch (IOException e) {
            LOG.debugf("Next due time unknown: %s", e.getMessage());
            return Optional.empty();
        }
    }

    public byte[] readSource(UUID id) throws IOException {
        return backend.readSource(id);
    }

    private boolean hasSource(UUID id) {
        try {
            return backend.hasSource(id);
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    /**
     * Records that the WebP of {@code claim} is published. A success always counts, even from an
     * attempt whose lease has expired meanwhile (the object is in storage either way); only an
     * image already {@code processed} is left as it is.
     */
    public void markProcessed(ImageRecord claim, long outputBytes) {
        UUID id = claim.id();
        Instant now = now();
        change(id, r -> {
            if (r.status() == ImageStatus.PROCESSED) {
                return false;
            }
            if (!holdsLease(r, claim)) {
                LOG.infof("Image %s was published by an attempt whose lease had expired (it was %s): recorded as processed",
                        id, r.status().name().toLowerCase(Locale.ROOT));
            }
            r.processed(outputBytes, now);
            return true;
        });
        try {
            backend.deleteSource(id);
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
        Instant now = now();
        boolean[] recorded = {false};
        Optional<ImageRecord> after = change(claim.id(), r -> {
            if (!holdsLease(r, claim)) {
                LOG.infof("Late failure of image %s not recorded: its lease expired at %s and it is %s now (%s)",
                        claim.id(), claim.leaseExpiresAt(), r.status().name().toLowerCase(Locale.ROOT), error);
                return false;
            }
            r.failedAttempt(error, permanent, config.attempts(), now.plus(backoff(r.retries() + 1)), now);
            recorded[0] = true;
            return true;
        });
        return recorded[0] ? after.orElse(null) : null;
    }

    /** The record is still processing under the lease {@code claim} was given (not reclaimed or re-claimed since). */
    private static boolean holdsLease(ImageRecord r, ImageRecord claim) {
        return r.status() == ImageStatus.PROCESSING && claim.leaseExpiresAt() != null
                && claim.leaseExpiresAt().equals(r.leaseExpiresAt()) && Objects.equals(claim.leaseOwner(), r.leaseOwner());
    }

    /**
     * Puts an image this process holds back in line without counting an attempt (shutdown before it
     * finished). An image whose lease another worker holds by now is left alone.
     */
    public void release(UUID id) {
        Instant now = now();
        try {
            change(id, r -> {
                if (r.status() != ImageStatus.PROCESSING || !workerId.equals(r.leaseOwner())) {
                    return false;
                }
                r.requeue(false, now);
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not release image %s (%s); its lease expires and another worker takes it", id,
                    e.getMessage());
        }
    }

    public QueueCounts counts() {
        if (backend == null) {
            return new QueueCounts(0, 0, 0, 0, 0, null, 0);
        }
        try {
            return backend.counts();
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    public boolean isStoreWritable() {
        return backend != null && backend.isWritable();
    }

    /** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long base = config.retryBaseDelay().toMillis();
        long cap = config.retryMaxDelay().toMillis();
        long ceiling = attempt >= 31 ? cap : Math.min(cap, base * (1L << Math.max(0, attempt - 1)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** One atomic change through the backend; a write that fails leaves the record as it was. */
    private Optional<ImageRecord> change(UUID id, java.util.function.Predicate<ImageRecord> change) {
        try {
            return backend.update(id, change);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save image record " + id + " to " + backend.describe(), e);
        }
    }

    /** Timestamps at the precision every backend keeps (PostgreSQL: microseconds), so a lease compares equal after a round trip. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private ApiException storeUnavailable(IOException e) {
        LOG.errorf("Image queue store %s unavailable: %s", backend.describe(), e.getMessage());
        return unavailable("queue_unavailable", "The image queue store is unreachable right now. Retry later.");
    }

    private ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message, null, (int) Math.max(1, config.retryAfter().toSeconds()));
    }
}
