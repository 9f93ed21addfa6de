package com.greenvue.images.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The worker's side of the state machine: claims under a lease, and who may record what when it
 * ends. A success always counts; a failure or a release only from the attempt that still holds the
 * lease, so a late answer from a lease that expired never undoes what another worker did since.
 */
@ApplicationScoped
class Leases {

    private static final Logger LOG = Logger.getLogger(Leases.class);

    /** This process as a lease owner: pid@host plus a per-start suffix (a restarted pod keeps pid 1 and its name). */
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);

    @Inject
    QueueAccess access;
    @Inject
    QueueConfig config;
    @Inject
    Backoff backoff;

    String workerId() {
        return workerId;
    }

    /** Claims up to {@code max} ready images, oldest first, leasing them to {@code owner}; expired leases go back to retry first. */
    List<ImageRecord> claim(int max, String owner) {
        Instant now = QueueAccess.now();
        Instant leaseUntil = now.plus(config.leaseDuration());
        QueueBackend backend = access.backend();
        try {
            return backend.claim(max, now, r -> {
                LOG.warnf("Lease of image %s held by %s expired at %s without completion; back to retry",
                        r.id(), r.leaseOwner(), r.leaseExpiresAt());
                r.leaseExpired("lease expired after " + config.leaseDuration() + " without completion",
                        config.attempts(), now);
            }, r -> r.claim(owner, leaseUntil, now));
        } catch (IOException e) {
            throw new UncheckedIOException("could not claim images from " + backend.describe(), e);
        }
    }

    /** Claims one specific image if it is ready (the debug endpoint's process_now). */
    Optional<ImageRecord> claimOne(UUID id, String owner) {
        Instant now = QueueAccess.now();
        boolean[] claimed = {false};
        Optional<ImageRecord> after = access.change(id, r -> {
            if (!r.isReady(now)) {
                return false;
            }
            r.claim(owner, now.plus(config.leaseDuration()), now);
            claimed[0] = true;
            return true;
        });
        return claimed[0] ? after : Optional.empty();
    }

    /**
     * When work that is not ready now becomes ready: the earliest retry whose backoff ends, or
     * the earliest lease that expires (its image is then reclaimed).
     */
    Optional<Instant> nextDue() {
        try {
            return access.backend().nextDue();
        } catch (IOException e) {
            LOG.debugf("Next due time unknown: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records that the WebP of {@code claim} is published. A success always counts, even from an
     * attempt whose lease has expired meanwhile (the object is in storage either way); only an
     * image already {@code processed} is left as it is. The backend frees its spool bytes in the same step.
     */
    void markProcessed(ImageRecord claim, long outputBytes) {
        UUID id = claim.id();
        Instant now = QueueAccess.now();
        access.change(id, r -> {
            if (r.status() == ImageStatus.PROCESSED) {
                return false;
            }
            if (!holdsLease(r, claim)) {
                LOG.infof("Image %s was published by an attempt whose lease had expired (it was %s): recorded as processed",
                        id, r.status().name().toLowerCase(Locale.ROOT));
            }
            r.processed(outputBytes, now);
            return true;
        });
    }

    /**
     * Records a failed attempt: retry with backoff while retries remain, failed otherwise or when
     * permanent. Only the attempt that still holds the image's lease may do so: a late failure from
     * a lease that expired (the image was reclaimed, maybe processed since) is not recorded, and
     * the answer is null, as for an image that no longer exists.
     */
    ImageRecord markAttemptFailed(ImageRecord claim, String error, boolean permanent) {
        Instant now = QueueAccess.now();
        boolean[] recorded = {false};
        Optional<ImageRecord> after = access.change(claim.id(), r -> {
            if (!holdsLease(r, claim)) {
                LOG.infof("Late failure of image %s not recorded: its lease expired at %s and it is %s now (%s)",
                        claim.id(), claim.leaseExpiresAt(), r.status().name().toLowerCase(Locale.ROOT), error);
                return false;
            }
            r.failedAttempt(error, permanent, config.attempts(), now.plus(backoff.delay(r.retries() + 1)), now);
            recorded[0] = true;
            return true;
        });
        return recorded[0] ? after.orElse(null) : null;
    }

    /**
     * Puts an image this process holds back in line without counting an attempt (shutdown before it
     * finished). An image whose lease another worker holds by now is left alone.
     */
    void release(UUID id) {
        Instant now = QueueAccess.now();
        try {
            access.change(id, r -> {
                if (r.status() != ImageStatus.PROCESSING || !workerId.equals(r.leaseOwner())) {
                    return false;
                }
                r.requeue(false, now);
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not release image %s (%s); its lease expires and another worker takes it", id,
                    e.getMessage());
        }
    }

    /** The record is still processing under the lease {@code claim} was given (not reclaimed or re-claimed since). */
    private static boolean holdsLease(ImageRecord r, ImageRecord claim) {
        return r.status() == ImageStatus.PROCESSING && claim.leaseExpiresAt() != null
                && claim.leaseExpiresAt().equals(r.leaseExpiresAt()) && Objects.equals(claim.leaseOwner(), r.leaseOwner());
    }
}
