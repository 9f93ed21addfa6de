package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Puts accepted uploads in the queue: all of a request's images durably or none, within the
 * limits, and a repeated Idempotency-Key answered with the first request's images. Wakes the
 * worker once they are saved, never before.
 */
@ApplicationScoped
class QueueIntake {

    private static final Logger LOG = Logger.getLogger(QueueIntake.class);

    @Inject
    QueueAccess access;
    @Inject
    QueueConfig config;
    @Inject
    Event<ImagesEnqueued> enqueued;

    /** See {@link ImageQueue#enqueue}. */
    ImageQueue.Intake enqueue(List<NewImage> images, String idempotencyKey, String fingerprint) {
        if (idempotencyKey != null) {
            images.forEach(i -> {
                i.record().idempotencyKey(idempotencyKey);
                i.record().requestFingerprint(fingerprint);
            });
        }
        ImageQueue.Intake intake;
        try {
            intake = access.backend().insert(images, idempotencyKey, QueueAccess.now().minus(config.idempotencyWindow()),
                    new QueueBackend.Limits(config.maxQueued(), config.maxSpoolBytes()));
        } catch (QueueFullException e) {
            throw access.unavailable(e.code(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.errorf("Could not write %d uploaded images to the spool: %s", images.size(), e.getMessage());
            if (InsufficientStorageException.isDiskFull(e)) {
                throw new InsufficientStorageException((int) config.retryAfter().toSeconds());
            }
            throw access.unavailable("spool_unavailable",
                    "The service could not store the upload right now (spool not writable). Retry later.");
        }
        if (intake.replayed()) {
            String first = intake.records().get(0).requestFingerprint();
            if (first != null && fingerprint != null && !first.equals(fingerprint)) {
                throw new ApiException(422, "idempotency_key_reused", "Idempotency-Key '" + idempotencyKey
                        + "' was used within the last " + config.idempotencyWindow().toHours() + " h for a request "
                        + "with other content; use a new key for a new request.");
            }
            return intake;
        }
        enqueued.fire(new ImagesEnqueued(images.size()));
        return intake;
    }
}
