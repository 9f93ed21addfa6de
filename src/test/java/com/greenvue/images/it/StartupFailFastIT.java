package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged service refuses to start half-configured or with a setting out of range, and says
 * which variable is missing or which setting is wrong and what it may be.
 */
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

    /**
     * A setting out of range stops the start with one message naming the setting and its range,
     * instead of starting and failing every image later (quality 150 used to fail each image as a
     * "temporary" error).
     */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "GREENVUE_PROCESSING_WEBP_QUALITY   | 150  | greenvue.processing.webp-quality must be between 0 and 100 (got 150)",
            "GREENVUE_PROCESSING_WEBP_QUALITY   | -1   | greenvue.processing.webp-quality must be between 0 and 100 (got -1)",
            "GREENVUE_PROCESSING_MAX_HEIGHT     | 0    | greenvue.processing.max-height must be between 1 and 16383 (got 0)",
            "GREENVUE_PROCESSING_CONCURRENCY    | 0    | greenvue.processing.concurrency must be between 1 and 1024 (got 0)",
            "GREENVUE_JOBS_DEFAULT_BATCH_SIZE   | 0    | greenvue.jobs.default-batch-size must be between 1 and 1000 (got 0)",
            "GREENVUE_UPLOAD_MAX_FILE_BYTES     | -5   | greenvue.upload.max-file-bytes must be at least 1 (got -5)",
            "GREENVUE_QUEUE_FAILED_RETENTION    | -1s  | greenvue.queue.failed-retention must be 0s or longer",
            "GREENVUE_QUEUE_RETRY_BASE_DELAY    | 20m  | greenvue.queue.retry-base-delay (20m) must not be longer than greenvue.queue.retry-max-delay (15m)",
            "GREENVUE_JOBS_MIN_INTERVAL         | 48h  | greenvue.jobs.min-interval (48h0m0s) must not be longer than greenvue.jobs.max-interval (24h0m0s)",
            "GREENVUE_JOBS_DEFAULT_INTERVAL     | 10x  | greenvue.jobs.default-interval must be a Go duration such as 10s or 1m30s between 100ms and 24h0m0s (got '10x')",
    })
    void settingOutOfRangeFailsAtStartupNamingTheSettingAndItsRange(String variable, String value, String message)
            throws Exception {
        Path dir = CrashRecoveryIT.freshDir("bad-setting-" + variable.toLowerCase() + "-" + value.replaceAll("\\W", "_"));
        try (ServiceProcess service = new ServiceProcess(dir, Map.of(variable, value))) {
            int exit = service.runUntilExit(Duration.ofSeconds(60));
            assertNotEquals(0, exit, "startup must fail");
            String log = service.log();
            assertTrue(log.contains(message), log);
            assertFalse(log.contains("Listening on"), "never served a request with a setting out of range");
        }
    }
}
