package com.greenvue.images.upload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "greenvue.upload")
public interface UploadConfig {

    /** Most image parts accepted in one request. */
    @WithDefault("10")
    int maxFiles();

    /** Largest single image part, in bytes. */
    @WithDefault("20971520")
    long maxFileBytes();

    /** Longest listing_title accepted, in characters. */
    @WithDefault("200")
    int maxTitleLength();
}
