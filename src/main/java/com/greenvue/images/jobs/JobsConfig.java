package com.greenvue.images.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;

@ConfigMapping(prefix = "greenvue.jobs")
public interface JobsConfig {

    /** Where the job registry is saved (JSON, replaced atomically on every change). */
    @NotBlank(message = "must not be empty")
    String file();

    /** Interval of the default {@code process-image-queue} job created on first start. */
    @WithDefault("10s")
    String defaultInterval();

    /** Batch size of the default {@code process-image-queue} job. */
    @WithDefault("10")
    @Range(min = 1, max = ProcessImagesHandler.MAX_BATCH, message = "must be between {min} and {max} (got ${validatedValue})")
    int defaultBatchSize();

    /** Shortest interval a job may have. */
    @WithDefault("100ms")
    @DurationMin(millis = 1, message = "must be longer than 0s")
    Duration minInterval();

    /** Longest interval a job may have. */
    @WithDefault("24h")
    @DurationMin(millis = 1, message = "must be longer than 0s")
    Duration maxInterval();

    /**
     * Bearer token required by /api/jobs (and the image admin calls) when set. Set it from the
     * environment ({@code GREENVUE_ADMIN_TOKEN}), never in a committed file.
     */
    Optional<String> adminToken();

    /**
     * Whether changing calls are allowed when no admin token is set. Off by default (production
     * fails closed with 403); on in dev and test so {@code make run} needs no token.
     */
    @WithDefault("false")
    boolean openWithoutToken();
}
