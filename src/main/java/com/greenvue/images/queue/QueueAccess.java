package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The chosen backend as the queue's classes use it, with its failures said once: a read that fails
 * is a 503 {@code queue_unavailable} for the API, a change that fails an {@link UncheckedIOException}
 * for the worker (the record stays as it was). Holds no records and decides no status.
 */
@ApplicationScoped
class QueueAccess {

    private static final Logger LOG = Logger.getLogger(QueueAccess.class);

    /** One read from the backend. */
    interface Read<T> {
        T from(QueueBackend backend) throws IOException;
    }

    @Inject
    QueueBackend backend;
    @Inject
    QueueConfig config;

    QueueBackend backend() {
        return backend;
    }

    /** A read for the API: a store that cannot answer is a 503 with Retry-After. */
    <T> T read(Read<T> read) {
        try {
            return read.from(backend);
        } catch (IOException e) {
            LOG.errorf("Image queue store %s unavailable: %s", backend.describe(), e.getMessage());
            throw unavailable("queue_unavailable", "The image queue store is unreachable right now. Retry later.");
        }
    }

    /** One atomic change through the backend; a write that fails leaves the record as it was. */
    Optional<ImageRecord> change(UUID id, Predicate<ImageRecord> change) {
        try {
            return backend.update(id, change);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save image record " + id + " to " + backend.describe(), e);
        }
    }

    /** A 503 with the configured Retry-After. */
    ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message, null, (int) Math.max(1, config.retryAfter().toSeconds()));
    }

    /** Timestamps at the precision every backend keeps (PostgreSQL: microseconds), so a lease compares equal after a round trip. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
