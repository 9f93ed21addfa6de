package com.greenvue.images.jobs;

import com.greenvue.images.settings.CheckedSettings;
import com.greenvue.images.settings.SettingProblems;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "greenvue.jobs")
public interface JobsConfig extends CheckedSettings {

    /** Where the job registry is saved (JSON, replaced atomically on every change). */
    String file();

    /** Interval of the default {@code process-image-queue} job created on first start. */
    @WithDefault("10s")
    String defaultInterval();

    /** Batch size of the default {@code process-image-queue} job. */
    @WithDefault("10")
    int defaultBatchSize();

    /** Shortest interval a job may have. */
    @WithDefault("100ms")
    Duration minInterval();

    /** Longest interval a job may have. */
    @WithDefault("24h")
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

    /** Single values; how they relate to each other is {@code JobsSettingsCheck}'s. */
    @Override
    default void check(SettingProblems p) {
        p.notBlank("file", file());
        p.between("default-batch-size", defaultBatchSize(), 1, ProcessImagesHandler.MAX_BATCH);
        p.positive("min-interval", minInterval());
        p.positive("max-interval", maxInterval());
    }
}
