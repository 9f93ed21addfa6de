package com.greenvue.images.queue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where the truth about queued images lives: records, leases and the original bytes. Every method
 * is atomic against every other caller, in this process and, for a shared backend, in every
 * replica. Two implementations, chosen by {@code greenvue.queue.backend}: {@link FileQueueBackend}
 * (one process, files on local disk, the embedded default) and {@link PostgresQueueBackend} (any
 * number of replicas on one PostgreSQL database). {@link ImageQueue} holds the policy (limits,
 * backoff, who may record what); a backend holds no policy of its own.
 */
public interface QueueBackend {

    /** Where the records live, for log lines ("files in ./data/queue", "PostgreSQL …"). */
    String describe();

    /**
     * Opens the backend at startup. {@code recover} is applied to every record a stop left in
     * {@code processing} that this backend knows no other live worker can hold (the file backend:
     * all of them; a shared backend: none, their leases expire instead). Returns how many.
     */
    int open(Consumer<ImageRecord> recover) throws IOException;

    /** Whether the backend is shared by several replicas (claims, wake-ups and jobs cross processes). */
    boolean shared();

    /** The limits an intake is checked against, inside the same atomic step that saves it. */
    record Limits(int maxQueued, long maxSpoolBytes) {
    }

    /**
     * Atomically: when {@code idempotencyKey} was seen since {@code keySince}, returns that
     * request's images (oldest first) and saves nothing; otherwise checks {@code limits}
     * (throwing {@link QueueFullException}) and saves every image's bytes and record durably, or
     * none of them. Returns copies as saved.
     */
    ImageQueue.Intake insert(List<NewImage> images, String idempotencyKey, Instant keySince, Limits limits)
            throws IOException;

    /** A copy of one record, read from the truth (never a cached processed record). */
    Optional<ImageRecord> find(UUID id) throws IOException;

    /** A page of records (one status or all), oldest first. */
    ImageQueue.Page list(ImageStatus status, int offset, int limit) throws IOException;

    /**
     * Applies {@code change} to a copy of the current record, atomically; the change is saved when
     * it returns true, and only after the write succeeded does anyone see it. A change that makes the
     * record processed also frees its original bytes, in the same step (or, where the backend cannot
     * make that one step, at the latest when it next opens). Returns the record as it is afterwards
     * (unchanged when {@code change} said false); empty when there is no such image.
     */
    Optional<ImageRecord> update(UUID id, Predicate<ImageRecord> change) throws IOException;

    /**
     * In one atomic step: applies {@code expire} to every image whose lease ended before {@code now},
     * then {@code claim} to up to {@code max} ready images (pending, or retry past its backoff),
     * oldest first, skipping any another caller holds. Returns copies of the claimed records.
     */
    List<ImageRecord> claim(int max, Instant now, Consumer<ImageRecord> expire, Consumer<ImageRecord> claim)
            throws IOException;

    /** Ids of failed images whose original bytes are still kept (requeue-able). */
    List<UUID> requeueableFailed() throws IOException;

    /** Forgets processed images last changed before {@code processedBefore}, failed ones before {@code failedBefore}. */
    int purge(Instant processedBefore, Instant failedBefore) throws IOException;

    QueueCounts counts() throws IOException;

    /** When delayed work becomes ready: the earliest retry backoff end or lease expiry. */
    Optional<Instant> nextDue() throws IOException;

    byte[] readSource(UUID id) throws IOException;

    boolean hasSource(UUID id) throws IOException;

    /** Whether a write would succeed right now (for readiness). */
    boolean isWritable();

    /** The file backend's shutdown snapshot (written at a clean stop); empty where the backend keeps none. */
    default Optional<QueueSnapshot> writeShutdownSnapshot(Instant now) throws IOException {
        return Optional.empty();
    }

    /** The last clean stop's snapshot compared with what was restored; empty where there is none. */
    default Optional<QueueSnapshot.Check> crossCheckShutdownSnapshot() throws IOException {
        return Optional.empty();
    }
}
