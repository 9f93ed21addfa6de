package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On SIGTERM readiness turns DOWN (so Kubernetes stops routing) while liveness stays UP, then the process exits. */
class ShutdownReadinessIT {

    @Test
    void readinessFlipsDownDuringShutdownWhileLivenessStaysUp() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("shutdown-readiness");
        try (ServiceProcess service = new ServiceProcess(dir, Map.of("QUARKUS_SHUTDOWN_DELAY", "4s")).start()) {
            assertEquals(200, service.get("/q/health/ready").statusCode());
            Thread signal = new Thread(() -> {
                try {
                    service.terminate(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            signal.start();
            await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> service.get("/q/health/ready").statusCode() == 503);
            assertEquals(200, service.get("/q/health/live").statusCode(), "liveness stays UP while draining");
            signal.join(35_000);
            assertEquals(false, service.isAlive());
        }
    }
}
