package com.greenvue.images.storage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts {@link FakeSupabaseStorage} on a random port and points the supabase backend at it.
 * Init arg {@code style}: {@code gateway} (default) sets only the project URL, so the API base is
 * derived as {@code <url>/storage/v1}; {@code self-hosted} sets the API base to the server root and
 * the public base separately, as for a storage server without Supabase's gateway.
 * The fake starts without buckets: the test profile's create-bucket-if-missing makes the first one.
 */
public class FakeSupabaseStorageResource implements QuarkusTestResourceLifecycleManager {

    static final String SERVICE_KEY = "test-service-key-must-never-leak";
    static final String ANON_KEY = "test-anon-key";
    /** Where tests reach the fake's {@code /__admin} control routes. */
    static final String ADMIN_URL_KEY = "fake-supabase.url";

    private FakeSupabaseStorage fake;
    private String style = "gateway";

    @Override
    public void init(Map<String, String> initArgs) {
        style = initArgs.getOrDefault("style", "gateway");
    }

    @Override
    public Map<String, String> start() {
        fake = new FakeSupabaseStorage(SERVICE_KEY, ANON_KEY);
        try {
            fake.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("fake Supabase Storage could not start", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put(ADMIN_URL_KEY, fake.url());
        config.put("greenvue.storage.supabase.service-key", SERVICE_KEY);
        if ("self-hosted".equals(style)) {
            config.put("greenvue.storage.supabase.url", "");
            config.put("greenvue.storage.supabase.api-url", fake.url());
            config.put("greenvue.storage.supabase.public-base-url", fake.url());
        } else {
            config.put("greenvue.storage.supabase.url", fake.url());
        }
        return config;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.stop();
        }
    }
}
