package com.greenvue.images.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Publishes the queue's state as Prometheus gauges: depth by status, age of the oldest waiting
 * image and spooled bytes. Reads counts on scrape; never changes the queue.
 */
@ApplicationScoped
public class QueueMetrics {

    @Inject
    MeterRegistry registry;
    @Inject
    ImageQueue queue;

    void register(@Observes StartupEvent ev) {
        for (ImageStatus status : ImageStatus.values()) {
            Gauge.builder("greenvue.queue.depth", queue, q -> count(q.counts(), status))
                    .tag("status", status.json())
                    .description("Images in the queue by status")
                    .register(registry);
        }
        Gauge.builder("greenvue.queue.oldest.waiting.age", queue, q -> {
            Instant oldest = q.counts().oldestWaitingSince();
            return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
        }).baseUnit("seconds").description("Age of the oldest image still waiting to be published").register(registry);
        Gauge.builder("greenvue.spool.bytes", queue, q -> q.counts().spoolBytes())
                .baseUnit("bytes").description("Original bytes held for queued and failed images").register(registry);
    }

    private static double count(QueueCounts c, ImageStatus status) {
        return switch (status) {
            case PENDING -> c.pending();
            case PROCESSING -> c.processing();
            case RETRY -> c.retry();
            case PROCESSED -> c.processed();
            case FAILED -> c.failed();
        };
    }
}
