package com.greenvue.images.storage;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The supabase backend against {@link FakeSupabaseStorage}, with short retry delays, a fast
 * image job and short timeouts so failure cases finish in about a second.
 */
public class SupabaseBackendProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("greenvue.storage.backend", "supabase"),
                Map.entry("greenvue.storage.supabase.create-bucket-if-missing", "true"),
                // the client's own settings (configKey supabase-storage) apply too: a static header here
                Map.entry("quarkus.rest-client.supabase-storage.headers.X-Client-Info", "greenvue-images-test"),
                Map.entry("greenvue.storage.supabase.connect-timeout", "1s"),
                Map.entry("greenvue.storage.supabase.read-timeout", "1s"),
                Map.entry("greenvue.storage.supabase.health-timeout", "500ms"),
                Map.entry("greenvue.storage.supabase.health-interval", "200ms"),
                Map.entry("greenvue.storage.supabase.unreachable-after", "1s"),
                Map.entry("greenvue.queue.retry-base-delay", "50ms"),
                Map.entry("greenvue.queue.retry-max-delay", "200ms"),
                Map.entry("greenvue.queue.max-attempts", "20"),
                Map.entry("greenvue.jobs.default-interval", "1s"));
    }
}
