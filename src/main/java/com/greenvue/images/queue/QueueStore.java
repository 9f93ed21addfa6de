package com.greenvue.images.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Where the file backend ({@link FileQueueBackend}) keeps its records and the original bytes of
 * queued images, durably: the persistence seam under the embedded backend. A backend that is
 * itself the truth (PostgreSQL) implements {@link QueueBackend} instead.
 */
public interface QueueStore {

    /**
     * Hands every record saved so far to {@code each}, one at a time (so that recovery never holds
     * the history at once). Damaged entries are set aside, never fatal.
     */
    void loadAll(Consumer<ImageRecord> each) throws IOException;

    /** Every record saved so far, in one list (for tests and small stores). */
    default List<ImageRecord> loadAll() throws IOException {
        List<ImageRecord> all = new ArrayList<>();
        loadAll(all::add);
        return all;
    }

    /** Saves the bytes and records of all images durably before returning, or none of them. */
    void insert(List<NewImage> images) throws IOException;

    /** Saves a changed record durably. */
    void update(ImageRecord record) throws IOException;

    /** Whether a record with this id is saved (without reading it). */
    boolean exists(UUID id);

    /** One saved record, read from disk. */
    Optional<ImageRecord> read(UUID id) throws IOException;

    byte[] readSource(UUID id) throws IOException;

    /** Whether the original bytes of an image are still held. */
    boolean hasSource(UUID id);

    /** Frees the original bytes once they are no longer needed (after a successful upload). */
    void deleteSource(UUID id) throws IOException;

    /** Forgets an image entirely (retention). */
    void delete(UUID id) throws IOException;

    /** Bytes currently held for queued images. */
    long sourceBytes();

    /** Whether a write to the store would succeed right now (for readiness). */
    boolean isWritable();

    /**
     * Saves the queue's state at a clean shutdown, durably, replacing any earlier snapshot. Only a
     * cross-check for the next start: nothing may ever be recovered from it.
     */
    void writeShutdownSnapshot(QueueSnapshot snapshot) throws IOException;

    /**
     * The snapshot of the last clean shutdown, if one was written since the last start, set aside
     * so that it is never compared twice. Throws when it exists but cannot be read or set aside
     * (it is then not to be compared); never touches the records.
     */
    Optional<QueueSnapshot> takeShutdownSnapshot() throws IOException;
}
