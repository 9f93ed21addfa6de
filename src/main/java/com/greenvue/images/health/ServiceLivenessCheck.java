package com.greenvue.images.health;

import com.greenvue.images.processing.ImageWorker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the JVM answers; it never depends on storage or disk, so a storage outage never restarts pods. */
@Liveness
@ApplicationScoped
public class ServiceLivenessCheck implements HealthCheck {

    @Inject
    ImageWorker worker;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("service").up().withData("worker_threads", worker.concurrency()).build();
    }
}
