package com.greenvue.images.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "greenvue.storage")
public interface StorageConfig {

    enum Backend { LOCAL, SUPABASE }

    /** {@code local} (embedded, served by this service) or {@code supabase}. */
    @WithDefault("local")
    Backend backend();

    /** Bucket the images go to; part of every public URL. */
    @WithDefault("listing-images")
    String bucket();

    /** Cache-Control stored with every object (names are unique per image, so they never change). */
    @WithDefault("public, max-age=31536000, immutable")
    String cacheControl();

    Local local();

    interface Local {
        /** Folder for published objects ({@code <dir>/<bucket>/<file_name>}). */
        @WithDefault("./data/objects")
        String dir();

        /** Base of public URLs; this service serves {@code /storage/v1/object/public/...} under it. */
        @WithDefault("http://localhost:8080")
        String publicBaseUrl();
    }
}
