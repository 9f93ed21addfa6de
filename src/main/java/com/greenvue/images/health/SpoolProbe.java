package com.greenvue.images.health;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueConfig;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Caches the spool probes for a second so frequent probes do not each touch the disk: a real
 * write, and whether the volumes that take an upload (the framework's uploads folder, then the
 * spool) have room for the largest request the service accepts. Never writes more than a probe file.
 */
@ApplicationScoped
public class SpoolProbe {

    private static final long TTL_NANOS = 1_000_000_000L;
    /** Room for the per-image records written beside the spooled bytes. */
    static final long RECORD_HEADROOM = 1024 * 1024;

    @Inject
    ImageQueue queue;
    @Inject
    QueueConfig queueConfig;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDir;

    /** Free bytes on the fullest of the upload volumes, and what a maximum-size upload needs. */
    public record Room(long freeBytes, long neededBytes) {
        public boolean enough() {
            return freeBytes >= neededBytes;
        }
    }

    private volatile long checkedAt;
    private volatile boolean writable = true;
    private volatile Room room = new Room(Long.MAX_VALUE, 0);

    public boolean writable() {
        refresh();
        return writable;
    }

    public Room room() {
        refresh();
        return room;
    }

    private void refresh() {
        long now = System.nanoTime();
        if (checkedAt == 0 || now - checkedAt > TTL_NANOS) {
            writable = queue.isStoreWritable();
            room = new Room(Math.min(usable(Path.of(queueConfig.dir())), usable(Path.of(uploadsDir))),
                    maxBody.asLongValue() + RECORD_HEADROOM);
            checkedAt = now;
        }
    }

    /** Usable bytes of the file system holding {@code dir} (or its nearest existing parent). */
    private static long usable(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? Long.MAX_VALUE : Files.getFileStore(p).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
