package com.greenvue.images.health;

import com.greenvue.images.processing.ImageWorker;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to take uploads: the queue is restored, the service is not shutting down, the spool
 * accepts writes and has room for a maximum-size upload (DOWN while the disk is that full, UP again
 * once room returns). Reports queue depth and the oldest waiting image's age. Never touches storage.
 */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    @Inject
    ImageQueue queue;
    @Inject
    ImageWorker worker;
    @Inject
    Lifecycle lifecycle;
    @Inject
    SpoolProbe spool;

    @Override
    public HealthCheckResponse call() {
        QueueCounts c;
        try {
            c = queue.counts();
        } catch (RuntimeException e) {
            // the store itself cannot be read (postgres backend: the database is unreachable)
            return HealthCheckResponse.named("image-queue").down()
                    .withData("store_reachable", false)
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
        boolean restored = queue.isRestored();
        boolean stopping = lifecycle.isShuttingDown() || worker.isDraining();
        boolean writable = spool.writable();
        SpoolProbe.Room room = spool.room();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("image-queue")
                .status(restored && !stopping && writable && room.enough())
                .withData("restored", restored)
                .withData("shutting_down", stopping)
                .withData("spool_writable", writable)
                .withData("spool_free_bytes", room.freeBytes())
                .withData("spool_room_for_max_upload", room.enough())
                .withData("pending", c.pending())
                .withData("retry", c.retry())
                .withData("processing", c.processing())
                .withData("failed", c.failed())
                .withData("spool_bytes", c.spoolBytes());
        if (c.oldestWaitingSince() != null) {
            b.withData("oldest_waiting_seconds", Duration.between(c.oldestWaitingSince(), Instant.now()).toSeconds());
        }
        return b.build();
    }
}
