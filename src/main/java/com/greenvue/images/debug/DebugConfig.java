package com.greenvue.images.debug;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "greenvue.debug")
public interface DebugConfig {

    /** The /debug endpoints exist only when on: on in dev and test, off (404) in prod. */
    @WithDefault("false")
    boolean enabled();

    /** The only folder /debug/upload-test-image may read from (after resolving '..' and symlinks). */
    @WithDefault("./test-images")
    String imagesDir();
}
