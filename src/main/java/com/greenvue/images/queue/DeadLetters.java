package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The operators' way back for failed images: requeue one, or all whose original bytes are still
 * kept, with retries reset. Never touches an image that is not failed.
 */
@ApplicationScoped
class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    QueueAccess access;
    @Inject
    Event<ImagesEnqueued> enqueued;

    /** Puts a failed image back in line with its retries reset: 404 unknown, 410 bytes purged, 409 not failed. */
    ImageRecord requeue(UUID id) {
        ImageRecord current = access.read(b -> b.find(id)).orElseThrow(() -> notFound(id));
        if (current.status() == ImageStatus.FAILED && !access.read(b -> b.hasSource(id))) {
            throw new ApiException(410, "source_purged", "The original bytes of image " + id
                    + " were purged by the retention policy; it cannot be requeued.");
        }
        Instant now = QueueAccess.now();
        ImageRecord after = access.change(id, r -> {
            if (r.status() != ImageStatus.FAILED) {
                throw new ApiException(409, "not_failed", "Image " + id + " is " + r.status().json()
                        + "; only failed images can be requeued.");
            }
            r.requeue(true, now);
            return true;
        }).orElseThrow(() -> notFound(id));
        LOG.infof("Image %s requeued by an operator", id);
        enqueued.fire(new ImagesEnqueued(1));
        return after;
    }

    /** Requeues every failed image whose bytes are still kept; returns how many. */
    int requeueAllFailed() {
        List<UUID> ids = access.read(QueueBackend::requeueableFailed);
        Instant now = QueueAccess.now();
        int n = 0;
        for (UUID id : ids) {
            boolean[] done = {false};
            access.change(id, r -> {
                if (r.status() != ImageStatus.FAILED) {
                    return false;
                }
                r.requeue(true, now);
                done[0] = true;
                return true;
            });
            n += done[0] ? 1 : 0;
        }
        LOG.infof("%d failed images requeued by an operator", n);
        if (n > 0) {
            enqueued.fire(new ImagesEnqueued(n));
        }
        return n;
    }

    private static ApiException notFound(UUID id) {
        return new ApiException(404, "image_not_found", "No image with id '" + id + "'.");
    }
}
