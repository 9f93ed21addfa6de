package com.greenvue.images.processing;

import com.greenvue.images.settings.CheckedSettings;
import com.greenvue.images.settings.SettingProblems;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "greenvue.processing")
public interface ProcessingConfig extends CheckedSettings {

    /** Output images are at most this high (aspect kept, never enlarged). */
    @WithDefault("640")
    int maxHeight();

    /** WebP quality, 0-100. */
    @WithDefault("80")
    int webpQuality();

    /** WebP compression method, 0 (fast) to 6 (small). */
    @WithDefault("4")
    int webpMethod();

    /**
     * Decode JPEGs with libjpeg-turbo (org.bytedeco:leptonica, in-process; 2.5-4x faster than the
     * JDK's decoder). Where its native library cannot load, or set to false, ImageIO decodes them.
     */
    @WithDefault("true")
    boolean nativeJpeg();

    /** Largest image (width x height) accepted; checked from the header before any pixel is decoded. */
    @WithDefault("50000000")
    long maxPixels();

    /** Images processed (decoded, resized, encoded) at once; unset means one per CPU. */
    Optional<Integer> concurrency();

    /**
     * Storage uploads at once. Uploads run on their own pool so the CPU threads go on with the
     * next image while the previous one is on the network.
     */
    @WithDefault("4")
    int uploadConcurrency();

    /**
     * Where the bundled native code (libjpeg-turbo, libwebp, cwebp) is unpacked, once, instead of the
     * temp folder; {@code <data-dir>/native} in application.properties.
     */
    String nativeDir();

    /** How long shutdown waits for images in flight before returning them to the queue. */
    @WithDefault("15s")
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

    @Override
    default void check(SettingProblems p) {
        p.between("max-height", maxHeight(), 1, 16383);
        p.between("webp-quality", webpQuality(), 0, 100);
        p.between("webp-method", webpMethod(), 0, 6);
        p.atLeast("max-pixels", maxPixels(), 1);
        p.between("concurrency", concurrency(), 1, 1024);
        p.between("upload-concurrency", uploadConcurrency(), 1, 1024);
        p.notBlank("native-dir", nativeDir());
        p.notNegative("shutdown-timeout", shutdownTimeout());
    }
}
