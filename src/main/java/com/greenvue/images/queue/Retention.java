package com.greenvue.images.queue;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Forgets processed and failed images past their keep time ({@code processed-retention},
 * {@code failed-retention}), bytes included, every {@code cleanup-interval}. Never touches work
 * that is not finished.
 */
@ApplicationScoped
class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** The scheduler job's name: a name the jobs API refuses (":"), so it never meets an operator's job. */
    static final String JOB = "greenvue:queue-retention";

    @Inject
    QueueAccess access;
    @Inject
    QueueConfig config;
    @Inject
    QueueLifecycle lifecycle;
    @Inject
    Scheduler scheduler;

    void schedule(@Observes StartupEvent ev) {
        scheduler.newJob(JOB)
                .setInterval(config.cleanupInterval().toString())
                .setDelayed("10s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(ex -> {
                    try {
                        purgeExpired();
                    } catch (RuntimeException e) {
                        LOG.warnf("Retention did not run: %s", e.getMessage());
                    }
                })
                .schedule();
    }

    /** One retention pass now; returns how many images were forgotten. */
    int purgeExpired() {
        if (!lifecycle.isRestored()) {
            return 0;
        }
        Instant now = QueueAccess.now();
        int purged = access.read(b -> b.purge(now.minus(config.processedRetention()), now.minus(config.failedRetention())));
        if (purged > 0) {
            LOG.infof("Retention: purged %d processed/failed image records", purged);
        }
        return purged;
    }
}
