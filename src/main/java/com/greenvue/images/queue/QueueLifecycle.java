package com.greenvue.images.queue;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The queue's start and stop: opens the backend (images a stop left in processing are put back in
 * line where no live worker can hold them), cross-checks the last clean shutdown's snapshot, and
 * writes the next one after the worker has drained. Nothing here can lose a record: the snapshot is
 * only ever compared, never restored from.
 */
@ApplicationScoped
class QueueLifecycle {

    private static final Logger LOG = Logger.getLogger(QueueLifecycle.class);

    @Inject
    QueueAccess access;
    @Inject
    QueueConfig config;
    @Inject
    Leases leases;
    @Inject
    Event<ImagesEnqueued> enqueued;

    private volatile boolean restored;

    void restore(@Observes @Priority(10) StartupEvent ev) throws IOException {
        QueueBackend backend = access.backend();
        Instant now = QueueAccess.now();
        // only records no live worker can hold come back here; on a shared backend their leases expire instead
        int requeued = backend.open(r -> r.requeue(false, now));
        restored = true;
        QueueCounts c = access.read(QueueBackend::counts);
        LOG.infof("Image queue restored from %s: %d waiting (%d were in processing and were requeued), "
                + "%d processed, %d failed; this process leases images as %s", backend.describe(), c.waiting(),
                requeued, c.processed(), c.failed(), leases.workerId());
        crossCheckShutdownSnapshot();
        if (c.waiting() > 0) {
            enqueued.fire(new ImagesEnqueued((int) c.waiting()));
        }
    }

    boolean isRestored() {
        return restored;
    }

    /**
     * Compares the records just restored with the snapshot of the last clean shutdown, if any, and
     * logs the outcome. The records are the truth either way; nothing here can fail the start.
     */
    Optional<QueueSnapshot.Check> crossCheckShutdownSnapshot() {
        Optional<QueueSnapshot.Check> check;
        try {
            check = access.backend().crossCheckShutdownSnapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Shutdown snapshot not compared: %s. The queue was restored from its records as always",
                    e.getMessage());
            return Optional.empty();
        }
        if (check.isEmpty()) {
            // only the file backend keeps snapshots, and the line is only worth saying when it had images
            QueueCounts c = access.read(QueueBackend::counts);
            if (config.backend() == QueueConfig.Backend.FILE && c.waiting() + c.processed() + c.failed() > 0) {
                LOG.info("No shutdown snapshot: the previous run did not stop cleanly (kill -9, crash, power loss) "
                        + "or predates snapshots. The queue was restored from its records as always");
            }
            return Optional.empty();
        }
        if (check.get().agrees()) {
            LOG.info(check.get().summary());
        } else {
            LOG.warn(check.get().summary());
        }
        return check;
    }

    /**
     * After the worker has drained and returned unfinished images to the queue (its observer has
     * the default priority, 2500), so the snapshot shows what is really left for the next start.
     */
    void snapshotAtShutdown(@Observes @Priority(5000) ShutdownEvent ev) {
        writeShutdownSnapshot();
    }

    /** Writes the snapshot of every image not processed; a failure is logged, never thrown (recovery does not need it). */
    Optional<QueueSnapshot> writeShutdownSnapshot() {
        if (!restored) {
            // the start failed before the queue was read: an empty snapshot would be a false statement
            return Optional.empty();
        }
        Optional<QueueSnapshot> snapshot;
        try {
            snapshot = access.backend().writeShutdownSnapshot(QueueAccess.now());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not write the shutdown snapshot (%s); nothing is lost, the next start restores "
                    + "from the per-image records", e.getMessage());
            return Optional.empty();
        }
        snapshot.ifPresent(s -> LOG.infof("Shutdown snapshot written to %s: %d pending, %d processing, %d retry, "
                + "%d failed", config.dir(), s.counts().pending(), s.counts().processing(), s.counts().retry(),
                s.counts().failed()));
        return snapshot;
    }
}
