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
 * image and spooled bytes. Reads counts on scrape (one read serves every gauge of a scrape: they
 * are reused for a second); never changes the queue. When the store cannot be read the gauges
 * are NaN (Prometheus shows a gap), never an error in the scrape.
 */
@ApplicationScoped
public class QueueMetrics {

    @Inject
    MeterRegistry registry;
    @Inject
    ImageQueue queue;

    private volatile QueueCounts last;
    private volatile long lastAt;

    void register(@Observes StartupEvent ev) {
        for (ImageStatus status : ImageStatus.values()) {
            Gauge.builder("greenvue.queue.depth", queue, q -> count(counts(), status))
                    .tag("status", status.json())
                    .description("Images in the queue by status")
                    .register(registry);
        }
        Gauge.builder("greenvue.queue.oldest.waiting.age", queue, q -> {
            QueueCounts c = counts();
            if (c == null) {
                return Double.NaN;
            }
            Instant oldest = c.oldestWaitingSince();
            return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
        }).baseUnit("seconds").description("Age of the oldest image still waiting to be published").register(registry);
        Gauge.builder("greenvue.spool.bytes", queue, q -> {
            QueueCounts c = counts();
            return c == null ? Double.NaN : c.spoolBytes();
        })
                .baseUnit("bytes").description("Original bytes held for queued and failed images").register(registry);
    }

    /** The counts of this scrape (read at most once a second), null when the store cannot be read. */
    private QueueCounts counts() {
        long now = System.nanoTime();
        QueueCounts c = last;
        if (c != null && now - lastAt < 1_000_000_000L) {
            return c;
        }
        try {
            c = queue.counts();
        } catch (RuntimeException e) {
            last = null;
            return null;
        }
        last = c;
        lastAt = now;
        return c;
    }

    private static double count(QueueCounts c, ImageStatus status) {
        if (c == null) {
            return Double.NaN;
        }
        return switch (status) {
            case PENDING -> c.pending();
            case PROCESSING -> c.processing();
            case RETRY -> c.retry();
            case PROCESSED -> c.processed();
            case FAILED -> c.failed();
        };
    }
}
