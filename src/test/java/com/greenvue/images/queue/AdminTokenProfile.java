package com.greenvue.images.queue;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An admin token is configured (as in production), everything else as in the test profile. */
public class AdminTokenProfile implements QuarkusTestProfile {

    static final String ADMIN_TOKEN = "test-admin-token-for-image-views";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("greenvue.jobs.admin-token", ADMIN_TOKEN,
                "greenvue.jobs.open-without-token", "false");
    }
}
