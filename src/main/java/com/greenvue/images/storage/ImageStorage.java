package com.greenvue.images.storage;

/**
 * Where processed WebP images are published. Implementations: {@link LocalImageStorage}
 * (embedded default) and {@link SupabaseStorage}. A put is an upsert: repeating it after a lost
 * answer is harmless.
 */
public interface ImageStorage {

    /**
     * Stores {@code webp} under {@code fileName} in the configured bucket.
     *
     * @throws TransientStorageException worth retrying (5xx, 408, 429, timeouts, I/O)
     * @throws PermanentStorageException will fail again the same way (bad key, missing bucket, …)
     */
    void put(String fileName, byte[] webp);

    /** The public URL at which {@code fileName} answers once stored. */
    String publicUrl(String fileName);

    /** A short name for logs and health data. */
    String name();
}
