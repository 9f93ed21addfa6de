package com.greenvue.images.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Everything locked as in production: user tokens for uploads, an admin token, no debug endpoints. */
public class ProductionLikeProfile implements QuarkusTestProfile {

    static final String JWT_SECRET = "test-supabase-jwt-secret-with-at-least-32-characters";
    static final String ADMIN_TOKEN = "test-admin-token-7f3a";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("greenvue.auth.jwt-secret", JWT_SECRET,
                "greenvue.jobs.admin-token", ADMIN_TOKEN,
                "greenvue.jobs.open-without-token", "false",
                "greenvue.debug.enabled", "false");
    }
}
