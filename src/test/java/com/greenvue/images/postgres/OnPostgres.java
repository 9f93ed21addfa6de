package com.greenvue.images.postgres;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test profile that runs the service on the postgres backend in a fresh schema of its own
 * ({@link PostgresSchema}). Each test class gets its own subclass, so Quarkus restarts for it and
 * no two classes share rows.
 */
public abstract class OnPostgres implements QuarkusTestProfile {

    /** More settings for this class, beside the backend's. */
    protected Map<String, String> more() {
        return Map.of();
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        return new HashMap<>(more());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresSchema.class));
    }
}
