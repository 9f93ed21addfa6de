package com.greenvue.images.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;

@ConfigMapping(prefix = "greenvue.queue")
public interface QueueConfig {

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
    @NotBlank(message = "must not be empty")
    String dir();

    /**
     * Processing attempts an image gets before it is marked failed (transient errors; a permanent
     * one fails it at once): 3 (the default, {@link #attempts()}) means the first try and two retries.
     */
    Optional<@Range(min = 1, max = 100, message = "must be between {min} and {max} (got ${validatedValue})") Integer> maxAttempts();

    /**
     * The old name of {@link #maxAttempts()}: it always counted attempts, not retries. Still read
     * (with a warning at start) when {@code max-attempts} is not set.
     */
    @Deprecated
    Optional<@Range(min = 1, max = 100, message = "must be between {min} and {max} (got ${validatedValue})") Integer> maxRetries();

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
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration retryBaseDelay();

    /** Upper bound of one retry delay (matters once max-attempts is raised). */
    @WithDefault("15m")
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration retryMaxDelay();

    /** How long a worker may hold a claimed image before it is reclaimed. */
    @WithDefault("2m")
    @DurationMin(seconds = 1, message = "must be 1s or longer")
    Duration leaseDuration();

    /** Images waiting (pending, retry, processing) beyond which uploads get 503. */
    @WithDefault("10000")
    @Min(value = 1, message = "must be at least {value} (got ${validatedValue})")
    int maxQueued();

    /** Spooled bytes beyond which uploads get 503. */
    @WithDefault("5368709120")
    @Min(value = 1, message = "must be at least {value} (got ${validatedValue})")
    long maxSpoolBytes();

    /** Retry-After sent with a 503 when the queue is full or the spool cannot be written. */
    @WithDefault("30s")
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration retryAfter();

    /** Wake the image job as soon as images are enqueued instead of waiting for its next tick. */
    @WithDefault("true")
    boolean eagerWakeup();

    /** How long processed records are kept (their spool bytes are freed right after upload). */
    @WithDefault("7d")
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration processedRetention();

    /** How long failed records and their spool bytes are kept for inspection and requeue. */
    @WithDefault("30d")
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration failedRetention();

    /** How long a repeated Idempotency-Key gets the first answer again. */
    @WithDefault("24h")
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration idempotencyWindow();

    /** How often retention runs. */
    @WithDefault("1m")
    @DurationMin(seconds = 1, message = "must be 1s or longer")
    Duration cleanupInterval();
}
