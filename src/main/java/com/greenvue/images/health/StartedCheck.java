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
        QueueCounts c = queue.counts();
        return HealthCheckResponse.named("queue-restored").status(queue.isRestored())
                .withData("restored", queue.isRestored())
                .withData("waiting", c.waiting())
                .withData("failed", c.failed())
                .build();
    }
}
