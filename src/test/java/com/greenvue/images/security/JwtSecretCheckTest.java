package com.greenvue.images.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A JWT secret too short for HS256 stops startup with a message naming the variable, never echoing the value. */
class JwtSecretCheckTest {

    static UploadAuthentication withSecret(String secret) {
        UploadAuthentication auth = new UploadAuthentication();
        auth.config = new AuthConfig() {
            @Override
            public Optional<String> jwtSecret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public String audience() {
                return "authenticated";
            }

            @Override
            public Optional<String> issuer() {
                return Optional.empty();
            }
        };
        return auth;
    }

    @Test
    void shortSecretFailsStartupNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> withSecret("too-short-s3cr3t").checkSecret(null));
        assertTrue(e.getMessage().contains("SUPABASE_JWT_SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("too-short-s3cr3t"), "the secret is never echoed");
    }

    @Test
    void aLongEnoughSecretOrNoneStarts() {
        assertDoesNotThrow(() -> withSecret("x".repeat(32)).checkSecret(null));
        assertDoesNotThrow(() -> withSecret(null).checkSecret(null));
    }
}
