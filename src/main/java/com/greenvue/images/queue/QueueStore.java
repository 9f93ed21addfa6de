package com.greenvue.images.queue;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Where the queue keeps its records and the original bytes of queued images, durably. One
 * implementation today ({@link FileQueueStore}); another backend (a database, object storage)
 * implements this and nothing else changes.
 */
public interface QueueStore {

    /** Everything saved so far, for recovery at startup. Damaged entries are set aside, never fatal. */
    List<ImageRecord> loadAll() throws IOException;

    /** Saves the bytes and records of all images durably before returning, or none of them. */
    void insert(List<NewImage> images) throws IOException;

    /** Saves a changed record durably. */
    void update(ImageRecord record) throws IOException;

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
}
