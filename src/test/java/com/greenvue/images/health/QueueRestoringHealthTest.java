package com.greenvue.images.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.greenvue.images.processing.ImageWorker;
import com.greenvue.images.queue.ImageQueue;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Before the queue has been restored from disk (the first moments of a start), the startup check
 * and readiness are DOWN and say why; Kubernetes routes no upload to a half-started pod.
 */
class QueueRestoringHealthTest {

    @Test
    void startupAndReadinessAreDownUntilTheQueueIsRestored() {
        ImageQueue notYetRestored = new ImageQueue();

        StartedCheck started = new StartedCheck();
        started.queue = notYetRestored;
        HealthCheckResponse s = started.call();
        assertEquals(HealthCheckResponse.Status.DOWN, s.getStatus());
        assertEquals(false, s.getData().orElseThrow().get("restored"));

        QueueReadinessCheck ready = new QueueReadinessCheck();
        ready.queue = notYetRestored;
        ready.worker = new ImageWorker();
        ready.lifecycle = new Lifecycle();
        ready.spool = new SpoolProbe() {
            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public Room room() {
                return new Room(Long.MAX_VALUE, 0);
            }
        };
        HealthCheckResponse r = ready.call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        assertEquals(false, r.getData().orElseThrow().get("restored"));
        assertEquals(false, r.getData().orElseThrow().get("shutting_down"));
        assertEquals(true, r.getData().orElseThrow().get("spool_writable"));
    }
}
