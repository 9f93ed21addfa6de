package com.greenvue.images.health;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Remembers that shutdown has begun, so readiness turns DOWN at the first signal. Holds no other state. */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);
    private volatile boolean shuttingDown;

    void preShutdown(@Observes ShutdownDelayInitiatedEvent ev) {
        shuttingDown = true;
        LOG.info("Shutdown requested: readiness is DOWN, draining before stopping");
    }

    void shutdown(@Observes @jakarta.annotation.Priority(1) ShutdownEvent ev) {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }
}
