package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The queue of uploaded images as the rest of the service sees it: one entry point, each call
 * handed to the class that owns that part — {@link QueueIntake} (limits, idempotency),
 * {@link Leases} (claims, outcomes, backoff), {@link DeadLetters} (requeue), {@link Retention},
 * {@link QueueLifecycle} (restore, shutdown snapshot) — over the {@link QueueBackend} chosen by
 * {@code greenvue.queue.backend}. Holds no records and no policy of its own, never image bytes.
 */
@ApplicationScoped
public class ImageQueue {

    @Inject
    QueueAccess access;
    @Inject
    QueueIntake intake;
    @Inject
    Leases leases;
    @Inject
    DeadLetters deadLetters;
    @Inject
    QueueLifecycle lifecycle;

    /** The images a request queued, and whether they are a replay of an earlier request with the same key. */
    public record Intake(List<ImageRecord> records, boolean replayed) {
    }

    /** A page of records in one status, oldest first. */
    public record Page(List<ImageRecord> items, long total, int offset, int limit) {
    }

    /** The owner name this process's workers lease images under. */
    public String workerId() {
        return leases.workerId();
    }

    /** Whether several replicas share the queue (PostgreSQL backend). */
    public boolean isShared() {
        return isRestored() && access.backend().shared();
    }

    /** Whether the start has read the queue (a bare {@code new ImageQueue()}, before injection, has not). */
    public boolean isRestored() {
        return lifecycle != null && lifecycle.isRestored();
    }

    /**
     * Durably queues all images or none. A request carrying an {@code idempotencyKey} already seen
     * within the window gets the first request's images back instead of new copies; a replay whose
     * {@code fingerprint} (what the request carried) differs from the first request's is refused
     * with 422 {@code idempotency_key_reused}: the key names another request. Throws a 503
     * {@link ApiException} when the queue or the spool is full, or the spool cannot be written.
     */
    public Intake enqueue(List<NewImage> images, String idempotencyKey, String fingerprint) {
        return intake.enqueue(images, idempotencyKey, fingerprint);
    }

    public Optional<ImageRecord> find(UUID id) {
        return access.read(b -> b.find(id));
    }

    public Page list(ImageStatus status, int offset, int limit) {
        return access.read(b -> b.list(status, offset, limit));
    }

    public QueueCounts counts() {
        return isRestored() ? access.read(QueueBackend::counts) : new QueueCounts(0, 0, 0, 0, 0, null, 0);
    }

    public boolean isStoreWritable() {
        return isRestored() && access.backend().isWritable();
    }

    public byte[] readSource(UUID id) throws IOException {
        return access.backend().readSource(id);
    }

    /** See {@link DeadLetters#requeue}. */
    public ImageRecord requeue(UUID id) {
        return deadLetters.requeue(id);
    }

    public int requeueAllFailed() {
        return deadLetters.requeueAllFailed();
    }

    /** Claims up to {@code max} ready images, oldest first, leasing them to {@code owner}. */
    public List<ImageRecord> claim(int max, String owner) {
        return leases.claim(max, owner);
    }

    /** Claims one specific image if it is ready (the debug endpoint's process_now). */
    public Optional<ImageRecord> claimOne(UUID id, String owner) {
        return leases.claimOne(id, owner);
    }

    /** When work that is not ready now becomes ready: the earliest backoff end or lease expiry. */
    public Optional<Instant> nextRetryAt() {
        return leases.nextDue();
    }

    /** See {@link Leases#markProcessed}. */
    public void markProcessed(ImageRecord claim, long outputBytes) {
        leases.markProcessed(claim, outputBytes);
    }

    /** See {@link Leases#markAttemptFailed}: null when the attempt no longer held the lease. */
    public ImageRecord markAttemptFailed(ImageRecord claim, String error, boolean permanent) {
        return leases.markAttemptFailed(claim, error, permanent);
    }

    /** See {@link Leases#release}. */
    public void release(UUID id) {
        leases.release(id);
    }
}
