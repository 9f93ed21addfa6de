package com.greenvue.images.health;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the queue has been restored from disk; Kubernetes waits on it before probing liveness. */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    @Inject
    ImageQueue queue;

    @Override
    public HealthCheckResponse call() {
        if (!queue.isRestored()) {
            return HealthCheckResponse.named("queue-restored").down().withData("restored", false).build();
        }
        QueueCounts c;
        try {
            c = queue.counts();
        } catch (RuntimeException e) {
            // started is about the start: once restored, a store outage is readiness' business
            return HealthCheckResponse.named("queue-restored").up().withData("restored", true)
                    .withData("store_reachable", false).build();
        }
        return HealthCheckResponse.named("queue-restored").status(queue.isRestored())
                .withData("restored", queue.isRestored())
                .withData("waiting", c.waiting())
                .withData("failed", c.failed())
                .build();
    }
}
