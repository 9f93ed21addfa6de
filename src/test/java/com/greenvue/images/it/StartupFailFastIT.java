package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged service refuses to start half-configured, and says which variable is missing. */
class StartupFailFastIT {

    @Test
    void supabaseBackendWithoutTheServiceKeyFailsAtStartupNamingIt() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("no-key");
        try (ServiceProcess service = new ServiceProcess(dir, Map.of(
                "GREENVUE_STORAGE_BACKEND", "supabase",
                "SUPABASE_URL", "http://127.0.0.1:9"))) {
            int exit = service.runUntilExit(Duration.ofSeconds(60));
            assertNotEquals(0, exit, "startup must fail");
            String log = service.log();
            assertTrue(log.contains("SUPABASE_SERVICE_KEY"), log);
            assertFalse(log.contains("Listening on"), "never served a request half-configured");
        }
    }

    @Test
    void tooShortJwtSecretFailsAtStartupNamingItWithoutEchoingIt() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("short-jwt");
        try (ServiceProcess service = new ServiceProcess(dir, Map.of("SUPABASE_JWT_SECRET", "short-secret-xyz"))) {
            int exit = service.runUntilExit(Duration.ofSeconds(60));
            assertNotEquals(0, exit, "startup must fail");
            String log = service.log();
            assertTrue(log.contains("SUPABASE_JWT_SECRET"), log);
            assertFalse(log.contains("short-secret-xyz"), "the secret is never echoed");
        }
    }
}
