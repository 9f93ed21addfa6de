package com.greenvue.images.health;

import com.greenvue.images.queue.ImageQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Caches the spool write probe for a second so frequent probes do not each touch the disk. */
@ApplicationScoped
public class SpoolProbe {

    private static final long TTL_NANOS = 1_000_000_000L;

    @Inject
    ImageQueue queue;

    private volatile long checkedAt;
    private volatile boolean writable = true;

    public boolean writable() {
        long now = System.nanoTime();
        if (checkedAt == 0 || now - checkedAt > TTL_NANOS) {
            writable = queue.isStoreWritable();
            checkedAt = now;
        }
        return writable;
    }
}
