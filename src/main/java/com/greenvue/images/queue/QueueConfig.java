package com.greenvue.images.queue;

import com.greenvue.images.settings.CheckedSettings;
import com.greenvue.images.settings.SettingProblems;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "greenvue.queue")
public interface QueueConfig extends CheckedSettings {

    /** Where queued images and the job registry live: {@code file} (one process) or {@code postgres} (many replicas). */
    enum Backend { FILE, POSTGRES }

    /**
     * {@code file}: records and bytes on local disk, one process (the embedded default, no database).
     * {@code postgres}: queue, leases, spool bytes and job registry in the PostgreSQL database of
     * {@code DATABASE_URL}, shared by any number of replicas.
     */
    @WithDefault("file")
    Backend backend();

    /** Folder for queue records and spooled uploads. */
    String dir();

    /**
     * Processing attempts an image gets before it is marked failed (transient errors; a permanent
     * one fails it at once): 3 (the default, {@link #attempts()}) means the first try and two retries.
     */
    Optional<Integer> maxAttempts();

    /**
     * The old name of {@link #maxAttempts()}: it always counted attempts, not retries. Still read
     * (with a warning at start) when {@code max-attempts} is not set.
     */
    @Deprecated
    Optional<Integer> maxRetries();

    /** The attempts in force: {@code max-attempts}, else the deprecated {@code max-retries}, else 3. */
    default int attempts() {
        return maxAttempts().or(this::maxRetries).orElse(3);
    }

    /**
     * First retry delay; doubles each attempt, with full jitter. With max-attempts 3 an image gets
     * two backoffs, drawn from [0, 2m] and [0, 4m]: on average 3 minutes (at most 6) of storage
     * outage ridden out before it is failed (and then requeueable in one call).
     */
    @WithDefault("2m")
    Duration retryBaseDelay();

    /** Upper bound of one retry delay (matters once max-attempts is raised). */
    @WithDefault("15m")
    Duration retryMaxDelay();

    /** How long a worker may hold a claimed image before it is reclaimed. */
    @WithDefault("2m")
    Duration leaseDuration();

    /** Images waiting (pending, retry, processing) beyond which uploads get 503. */
    @WithDefault("10000")
    int maxQueued();

    /** Spooled bytes beyond which uploads get 503. */
    @WithDefault("5368709120")
    long maxSpoolBytes();

    /** Retry-After sent with a 503 when the queue is full or the spool cannot be written. */
    @WithDefault("30s")
    Duration retryAfter();

    /** Wake the image job as soon as images are enqueued instead of waiting for its next tick. */
    @WithDefault("true")
    boolean eagerWakeup();

    /** How long processed records are kept (their spool bytes are freed right after upload). */
    @WithDefault("7d")
    Duration processedRetention();

    /** How long failed records and their spool bytes are kept for inspection and requeue. */
    @WithDefault("30d")
    Duration failedRetention();

    /** How long a repeated Idempotency-Key gets the first answer again. */
    @WithDefault("24h")
    Duration idempotencyWindow();

    /** How often retention runs. */
    @WithDefault("1m")
    Duration cleanupInterval();

    /** Single values; how they relate to each other is {@code QueueSettingsCheck}'s. */
    @Override
    @SuppressWarnings("deprecation") // the deprecated alias is still read, so it is still checked
    default void check(SettingProblems p) {
        p.notBlank("dir", dir());
        p.between("max-attempts", maxAttempts(), 1, 100);
        p.between("max-retries", maxRetries(), 1, 100);
        p.notNegative("retry-base-delay", retryBaseDelay());
        p.notNegative("retry-max-delay", retryMaxDelay());
        p.atLeast("lease-duration", leaseDuration(), Duration.ofSeconds(1));
        p.atLeast("max-queued", maxQueued(), 1);
        p.atLeast("max-spool-bytes", maxSpoolBytes(), 1);
        p.notNegative("retry-after", retryAfter());
        p.notNegative("processed-retention", processedRetention());
        p.notNegative("failed-retention", failedRetention());
        p.notNegative("idempotency-window", idempotencyWindow());
        p.atLeast("cleanup-interval", cleanupInterval(), Duration.ofSeconds(1));
    }
}
