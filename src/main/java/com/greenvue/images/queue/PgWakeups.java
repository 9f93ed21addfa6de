package com.greenvue.images.queue;

import com.greenvue.images.db.Database;
import com.greenvue.images.jobs.PostgresJobStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Postgres backend: one connection per replica LISTENs for what other replicas announce (an
 * intake or requeue on {@code greenvue_images}, a job change on {@code greenvue_jobs}) and turns it
 * into the same local events an upload or a jobs call on this replica fires. So an upload on
 * replica A starts work on every replica at once, not at the next tick. A lost connection is
 * reopened with backoff; while it is down, the ticks still find the work.
 */
@ApplicationScoped
public class PgWakeups {

    private static final Logger LOG = Logger.getLogger(PgWakeups.class);
    private static final int POLL_MS = 500;

    @Inject
    ImageQueue queue;
    @Inject
    Database db;
    @Inject
    Event<ImagesEnqueued> enqueued;
    @Inject
    Event<JobsChanged> jobsChanged;

    private volatile boolean stopping;
    private volatile boolean listening;
    private Thread thread;

    void start(@Observes @Priority(30) StartupEvent ev) {
        if (!queue.isShared()) {
            return;
        }
        thread = new Thread(this::listen, "pg-wakeups");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            try {
                // give the LISTEN connection back before the pool closes (it waits at most POLL_MS per look)
                thread.join(2L * POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the LISTEN connection is up (for the debug status and tests). */
    public boolean isListening() {
        return listening;
    }

    private void listen() {
        long backoffMs = 500;
        boolean warned = false;
        while (!stopping) {
            try (Connection c = db.connection()) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + PostgresQueueBackend.CHANNEL);
                    st.execute("LISTEN " + PostgresJobStore.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                if (warned) {
                    LOG.info("Listening for other replicas' wake-ups again");
                    warned = false;
                }
                backoffMs = 500;
                // an upload may have come while we were not listening: look once
                enqueued.fire(new ImagesEnqueued(0));
                jobsChanged.fire(new JobsChanged(null));
                while (!stopping) {
                    PGNotification[] got = pg.getNotifications(POLL_MS);
                    if (got == null) {
                        continue;
                    }
                    boolean images = false;
                    for (PGNotification n : got) {
                        if (PostgresJobStore.CHANNEL.equals(n.getName())) {
                            jobsChanged.fire(new JobsChanged(n.getParameter()));
                        } else {
                            images = true;
                        }
                    }
                    if (images) {
                        enqueued.fire(new ImagesEnqueued(got.length));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopping) {
                    return;
                }
                if (!warned) {
                    LOG.warnf("Not listening for other replicas' wake-ups (%s); retrying, uploads on other replicas "
                            + "are picked up at the job's next tick meanwhile", e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(10_000, backoffMs * 2);
            }
        }
        listening = false;
    }
}
