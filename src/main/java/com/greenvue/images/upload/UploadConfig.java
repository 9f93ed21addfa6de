package com.greenvue.images.upload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.Range;

@ConfigMapping(prefix = "greenvue.upload")
public interface UploadConfig {

    /** Most image parts accepted in one request. */
    @WithDefault("10")
    @Range(min = 1, max = 1000, message = "must be between {min} and {max} (got ${validatedValue})")
    int maxFiles();

    /** Largest single image part, in bytes. */
    @WithDefault("20971520")
    @Min(value = 1, message = "must be at least {value} (got ${validatedValue})")
    long maxFileBytes();

    /** Longest listing_title accepted, in characters. */
    @WithDefault("200")
    @Min(value = 0, message = "must be at least {value} (got ${validatedValue})")
    int maxTitleLength();

    /**
     * Whether the start-up warm-up (greenvue.processing.warmup) also sends the service a few refused
     * uploads before readiness turns UP (UploadWarmup): readiness about 0.5 s later, the first
     * photos' uploads faster.
     */
    @WithDefault("true")
    boolean warmup();
}
