package com.greenvue.images.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.processing.PipelineWarmup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The warm-up gate on readiness, without a running service: DOWN while it runs, UP after, even after a failure. */
class WarmupReadinessTest {

    @Test
    void readinessStaysDownUntilTheWarmupIsDone() throws Exception {
        PipelineWarmup warmup = new PipelineWarmup();
        WarmupReadinessCheck check = new WarmupReadinessCheck(warmup);
        CountDownLatch release = new CountDownLatch(1);
        warmup.start(() -> {
            release.await(30, TimeUnit.SECONDS);
            return 6;
        });
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(), "DOWN while the warm-up runs");
        Thread.sleep(200);
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(), "still DOWN: the warm-up has not ended");

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!warmup.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        HealthCheckResponse up = check.call();
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus(), "UP once the warm-up is done");
        assertEquals(6L, up.getData().orElseThrow().get("images"));
        assertFalse(up.getData().orElseThrow().containsKey("failed"));
    }

    @Test
    void aFailedWarmupIsReportedButNeverFailsTheStart() {
        PipelineWarmup warmup = new PipelineWarmup();
        WarmupReadinessCheck check = new WarmupReadinessCheck(warmup);
        // runs on the caller's thread: nothing may be thrown out of it, not even an Error
        warmup.runNow(() -> {
            throw new UnsatisfiedLinkError("no libwebp here");
        });
        assertTrue(warmup.isDone());
        HealthCheckResponse r = check.call();
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus(), "a failed warm-up does not keep the pod out of service");
        assertTrue(String.valueOf(r.getData().orElseThrow().get("failed")).contains("no libwebp here"));
    }
}
