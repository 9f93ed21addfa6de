package com.greenvue.images.processing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMin;

@ConfigMapping(prefix = "greenvue.processing")
public interface ProcessingConfig {

    /** Output images are at most this high (aspect kept, never enlarged). */
    @WithDefault("640")
    @Range(min = 1, max = 16383, message = "must be between {min} and {max} (got ${validatedValue})")
    int maxHeight();

    /** WebP quality, 0-100. */
    @WithDefault("80")
    @Range(min = 0, max = 100, message = "must be between {min} and {max} (got ${validatedValue})")
    int webpQuality();

    /** WebP compression method, 0 (fast) to 6 (small). */
    @WithDefault("4")
    @Range(min = 0, max = 6, message = "must be between {min} and {max} (got ${validatedValue})")
    int webpMethod();

    /**
     * Decode JPEGs with libjpeg-turbo (org.bytedeco:leptonica, in-process; 2.5-4x faster than the
     * JDK's decoder). Where its native library cannot load, or set to false, ImageIO decodes them.
     */
    @WithDefault("true")
    boolean nativeJpeg();

    /** Largest image (width x height) accepted; checked from the header before any pixel is decoded. */
    @WithDefault("50000000")
    @Min(value = 1, message = "must be at least {value} (got ${validatedValue})")
    long maxPixels();

    /** Images processed (decoded, resized, encoded) at once; unset means one per CPU. */
    Optional<@Range(min = 1, max = 1024, message = "must be between {min} and {max} (got ${validatedValue})") Integer> concurrency();

    /**
     * Storage uploads at once. Uploads run on their own pool so the CPU threads go on with the
     * next image while the previous one is on the network.
     */
    @WithDefault("4")
    @Range(min = 1, max = 1024, message = "must be between {min} and {max} (got ${validatedValue})")
    int uploadConcurrency();

    /**
     * Where the bundled native code (libjpeg-turbo, libwebp, cwebp) is unpacked, once, instead of the
     * temp folder; {@code <data-dir>/native} in application.properties.
     */
    @NotBlank(message = "must not be empty")
    String nativeDir();

    /** How long shutdown waits for images in flight before returning them to the queue. */
    @WithDefault("15s")
    @DurationMin(millis = 0, message = "must be 0s or longer")
    Duration shutdownTimeout();

    /**
     * Run the pipeline over small generated images (JPEG baseline and progressive, PNG with alpha)
     * at start, before readiness turns UP, so the first photos after a start are not slow.
     */
    @WithDefault("true")
    boolean warmup();

    /** How long the warm-up repeats its images after the first round (which always runs in full). */
    @WithDefault("300ms")
    Duration warmupTime();
}
