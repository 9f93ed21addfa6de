package com.greenvue.images.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

@ConfigMapping(prefix = "greenvue.auth")
public interface AuthConfig {

    /**
     * The Supabase project's JWT secret (environment variable SUPABASE_JWT_SECRET only). When set,
     * uploads need a valid HS256 user token; unset means uploads are open.
     */
    Optional<String> jwtSecret();

    /** The {@code aud} a user token must carry; Supabase signs user sessions with {@code authenticated}. */
    String audience();

    /** The {@code iss} a user token must carry, when set (Supabase: https://<project-ref>.supabase.co/auth/v1). */
    Optional<String> issuer();
}
