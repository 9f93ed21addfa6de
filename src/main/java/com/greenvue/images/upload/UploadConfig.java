package com.greenvue.images.upload;

import com.greenvue.images.settings.CheckedSettings;
import com.greenvue.images.settings.SettingProblems;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "greenvue.upload")
public interface UploadConfig extends CheckedSettings {

    /** Most image parts accepted in one request. */
    @WithDefault("10")
    int maxFiles();

    /** Largest single image part, in bytes. */
    @WithDefault("20971520")
    long maxFileBytes();

    /** Longest listing_title accepted, in characters. */
    @WithDefault("200")
    int maxTitleLength();

    /**
     * Whether the start-up warm-up (greenvue.processing.warmup) also sends the service a few refused
     * uploads before readiness turns UP (UploadWarmup): readiness about 0.5 s later, the first
     * photos' uploads faster.
     */
    @WithDefault("true")
    boolean warmup();

    @Override
    default void check(SettingProblems p) {
        p.between("max-files", maxFiles(), 1, 1000);
        p.atLeast("max-file-bytes", maxFileBytes(), 1);
        p.atLeast("max-title-length", maxTitleLength(), 0);
    }
}
