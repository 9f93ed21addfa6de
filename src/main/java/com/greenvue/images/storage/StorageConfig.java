package com.greenvue.images.storage;

import com.greenvue.images.settings.CheckedSettings;
import com.greenvue.images.settings.SettingProblems;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "greenvue.storage")
public interface StorageConfig extends CheckedSettings {

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

    Supabase supabase();

    interface Local {
        /** Folder for published objects ({@code <dir>/<bucket>/<file_name>}). */
        String dir();

        /** Base of public URLs; this service serves {@code /storage/v1/object/public/...} under it. */
        @WithDefault("http://localhost:8080")
        String publicBaseUrl();
    }

    /** The {@code supabase} backend. URL and key come from the environment only (see application.properties). */
    interface Supabase {
        /** Project URL, {@code https://<ref>.supabase.co}; from {@code SUPABASE_URL}. */
        Optional<String> url();

        /** The project's service_role key; from {@code SUPABASE_SERVICE_KEY}, never committed, never logged. */
        Optional<String> serviceKey();

        /**
         * Base of the Storage HTTP API; default {@code <url>/storage/v1} (the gateway path). A
         * self-hosted storage server without the gateway serves the same routes at its root.
         */
        Optional<String> apiUrl();

        /** Base of public object URLs ({@code <base>/storage/v1/object/public/...}); default the project URL. */
        Optional<String> publicBaseUrl();

        /** Time to open a connection to the storage server. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time to wait for the storage server's answer to one call. */
        @WithDefault("30s")
        Duration readTimeout();

        /** At startup, create the bucket (public) when it is missing. Off: buckets are an ops decision. */
        @WithDefault("false")
        boolean createBucketIfMissing();

        /** Longest a readiness probe's bucket check may wait for the storage server. */
        @WithDefault("2s")
        Duration healthTimeout();

        /** How long a bucket check result is reused before the next probe refreshes it in the background. */
        @WithDefault("15s")
        Duration healthInterval();

        /**
         * How long storage may be unreachable (timeouts, 5xx, refused connections) before readiness
         * turns DOWN; short blips keep the pod in service since uploads queue anyway. Refusals that
         * will not pass (wrong key, missing bucket) turn it DOWN at once.
         */
        @WithDefault("60s")
        Duration unreachableAfter();
    }

    @Override
    default void check(SettingProblems p) {
        p.notBlank("bucket", bucket());
        p.notBlank("local.dir", local().dir());
        p.notBlank("local.public-base-url", local().publicBaseUrl());
        p.positive("supabase.connect-timeout", supabase().connectTimeout());
        p.positive("supabase.read-timeout", supabase().readTimeout());
        p.positive("supabase.health-timeout", supabase().healthTimeout());
        p.positive("supabase.health-interval", supabase().healthInterval());
        p.notNegative("supabase.unreachable-after", supabase().unreachableAfter());
    }
}
