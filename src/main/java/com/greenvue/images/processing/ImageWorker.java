package com.greenvue.images.processing;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.queue.QueueConfig;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.StorageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Takes batches of ready images from the queue and publishes them in two stages: the pipeline
 * (read spooled bytes, decode, resize, encode) on a CPU-sized pool, then the storage upload on its
 * own pool, so a CPU thread moves on to the next image while the previous one is uploading. Never
 * runs on an HTTP thread, never claims work once shutdown has begun; what is unfinished at
 * shutdown goes back to the queue.
 *
 * <p>Longer than our usual 250 lines on purpose: claiming, the two stages, recording each
 * outcome and shutdown are one protocol over the same state (the claim lock that shutdown takes
 * to stop claims, the set of images in flight that shutdown releases, the two pools). Split
 * apart, each piece would have to reach into the others' state, and the guarantee "nothing is
 * claimed after the pools stop, nothing in flight is lost" would no longer be readable in one file.
 */
@ApplicationScoped
public class ImageWorker {

    private static final Logger LOG = Logger.getLogger(ImageWorker.class);

    @Inject
    ImageQueue queue;
    @Inject
    ImagePipeline pipeline;
    @Inject
    ImageStorage storage;
    @Inject
    ProcessingConfig config;
    @Inject
    QueueConfig queueConfig;
    @Inject
    MeterRegistry metrics;

    private String owner;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    /** Images claimed ahead by a run's idle CPU thread, in flight; the next run counts them as its own. */
    private final Queue<Started> carried = new ConcurrentLinkedQueue<>();
    /** Runs now waiting for their images that let an idle CPU thread claim ahead (see {@link #runBatch(int, boolean)}). */
    private final AtomicInteger lookaheadRuns = new AtomicInteger();
    private ThreadPoolExecutor pool;
    private ExecutorService uploads;
    private int concurrency;
    private volatile boolean draining;
    private final ReadWriteLock claimLock = new ReentrantReadWriteLock();

    /** What the pipeline stage hands to the upload stage: the WebP, or the image's outcome when it ended there. */
    private record Encoded(ProcessedImage image, long startNanos, ImageStatus outcome) {
    }

    /** An image handed to the pools: its claim and its outcome to come. */
    private record Started(ImageRecord record, CompletableFuture<ImageStatus> outcome) {
    }

    @PostConstruct
    void start() {
        owner = queue.workerId();
        concurrency = Math.max(1, config.concurrency().orElse(Runtime.getRuntime().availableProcessors()));
        pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(concurrency, threads("image-worker-"));
        uploads = Executors.newFixedThreadPool(Math.max(1, config.uploadConcurrency()), threads("image-upload-"));
        // registered up front, so dashboards and alerts see 0 rather than no series before the first failure
        metrics.counter("greenvue.images.processed");
        metrics.counter("greenvue.images.retried");
        metrics.counter("greenvue.images.failed", "permanent", "true");
        metrics.counter("greenvue.images.failed", "permanent", "false");
    }

    private static java.util.concurrent.ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int concurrency() {
        return concurrency;
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Processes up to {@code batchSize} ready images and waits for them, never past their lease.
     * Images an earlier run claimed ahead come first and count as this run's.
     *
     * <p>With {@code lookahead} (the job goes on at once while work remains: eager wake-up), a CPU
     * thread that finishes an image while no image of this run is left waiting for a thread claims
     * the next ready image right away instead of idling until the run's last images are done and
     * the next run claims (with two threads, each batch used to end on one thread); at most
     * {@code min(batchSize, threads)} are carried so, and the outcome says how many, so the job
     * runs again and counts them.
     */
    public BatchOutcome runBatch(int batchSize, boolean lookahead) {
        if (lookahead) {
            lookaheadRuns.incrementAndGet();
        }
        try {
            List<Started> batch = new ArrayList<>();
            // claiming and handing to the pools happen under the read lock; shutdown sets draining under
            // the write lock, so no batch can claim images after the pools stopped taking work
            claimLock.readLock().lock();
            try {
                if (draining) {
                    return BatchOutcome.EMPTY;
                }
                for (Started c; batch.size() < batchSize && (c = carried.poll()) != null; ) {
                    batch.add(c);
                }
                if (batch.size() < batchSize) {
                    for (ImageRecord r : queue.claim(batchSize - batch.size(), owner)) {
                        batch.add(start(r, Math.min(batchSize, concurrency)));
                    }
                }
            } finally {
                claimLock.readLock().unlock();
            }
            return batch.isEmpty() ? BatchOutcome.EMPTY : await(batch);
        } finally {
            if (lookahead) {
                lookaheadRuns.decrementAndGet();
            }
        }
    }

    /** Hands one claimed image to the pools; {@code carryLimit} bounds the claims ahead its CPU thread may make. */
    private Started start(ImageRecord r, int carryLimit) {
        inFlight.add(r.id());
        CompletableFuture<ImageStatus> outcome = CompletableFuture.supplyAsync(() -> {
                    try {
                        return encode(r);
                    } finally {
                        claimAhead(carryLimit);
                    }
                }, pool)
                .thenApplyAsync(e -> e.outcome() != null ? e.outcome() : publish(r, e), uploads)
                .whenComplete((st, t) -> inFlight.remove(r.id()));
        return new Started(r, outcome);
    }

    /**
     * On a CPU thread that just finished an image: when a run that allows it is waiting and no
     * image is waiting for a thread, claims the next ready image now (at most {@code limit} carried).
     */
    private void claimAhead(int limit) {
        if (lookaheadRuns.get() == 0 || !pool.getQueue().isEmpty() || carried.size() >= limit) {
            return;
        }
        // rare (a run's last images), so one lock keeps the count exact when two threads finish at once
        synchronized (carried) {
            claimLock.readLock().lock();
            try {
                if (draining || carried.size() >= limit) {
                    return;
                }
                for (ImageRecord r : queue.claim(1, owner)) {
                    carried.add(start(r, limit));
                }
            } catch (RuntimeException e) {
                // the queue could not claim (the database is away): the next run claims as usual
                LOG.debugf(e, "Claiming ahead failed; the next run claims instead");
            } finally {
                claimLock.readLock().unlock();
            }
        }
    }

    /**
     * Waits for a run's images at most a lease's length (a carried image's lease began up to one run
     * earlier; the queue reclaims it either way) and counts their outcomes.
     */
    private BatchOutcome await(List<Started> batch) {
        int processed = 0, retried = 0, failed = 0;
        OutOfMemoryError fatal = null;
        // never wait past the lease: a hung image is reclaimed by the queue, the job moves on
        long deadline = System.nanoTime() + queueConfig.leaseDuration().toNanos();
        for (Started started : batch) {
            ImageRecord r = started.record();
            ImageStatus s;
            try {
                s = started.outcome().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s = ImageStatus.PROCESSING;
            } catch (TimeoutException e) {
                LOG.warnf("Image %s still in flight after its lease of %s; leaving it to lease recovery",
                        r.id(), queueConfig.leaseDuration());
                s = ImageStatus.PROCESSING;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                s = escaped(r, cause);
                if (cause instanceof OutOfMemoryError oom && fatal == null) {
                    fatal = oom;
                }
            }
            switch (s) {
                case PROCESSED -> processed++;
                case FAILED -> failed++;
                case RETRY -> retried++;
                default -> { }
            }
        }
        if (fatal != null) {
            // the JVM is out of memory: the images are back in the queue, and the run
            // ends with the error instead of carrying on as if it were an image's fault
            throw fatal;
        }
        return new BatchOutcome(batch.size(), processed, retried, failed, carried.size());
    }

    /**
     * A throwable that escaped both stages (an {@link Error}, or a failure while recording the
     * outcome). Logged with the image id. An {@link OutOfMemoryError} is not the image's fault:
     * the image is released (back to pending, no attempt counted) and the caller rethrows the
     * error. Anything else (a StackOverflowError on a pathological file, a LinkageError) counts as
     * a failed attempt, so an image that always breaks the worker ends failed instead of looping.
     * Answers the image's real status.
     */
    private ImageStatus escaped(ImageRecord r, Throwable cause) {
        withMdc(r);
        try {
            if (cause instanceof OutOfMemoryError) {
                LOG.errorf(cause, "[%s] image %s: %s in the worker; the image goes back to the queue without "
                        + "counting an attempt", r.requestId(), r.id(), cause.getClass().getSimpleName());
                queue.release(r.id());
                return ImageStatus.PENDING;
            }
            LOG.errorf(cause, "[%s] image %s: unexpected %s escaped the worker; recorded as a failed attempt",
                    r.requestId(), r.id(), cause.getClass().getName());
            return failed(r, "unexpected error: " + cause, false);
        } catch (RuntimeException again) {
            LOG.errorf(again, "[%s] image %s: could not record the outcome either; its lease expires at %s and the "
                    + "queue then takes it back", r.requestId(), r.id(), r.leaseExpiresAt());
            return ImageStatus.PROCESSING;
        } finally {
            clearMdc();
        }
    }

    /**
     * Processes one image now on the caller's thread (the debug endpoint's process_now). Returns
     * empty when a worker already holds it.
     */
    public Optional<ImageStatus> processNow(UUID id) {
        Optional<ImageRecord> claimed;
        claimLock.readLock().lock();
        try {
            if (draining) {
                return Optional.empty();
            }
            claimed = queue.claimOne(id, owner);
        } finally {
            claimLock.readLock().unlock();
        }
        return claimed.map(r -> {
            try {
                Encoded e = encode(r);
                return e.outcome() != null ? e.outcome() : publish(r, e);
            } catch (RuntimeException | Error e) {
                ImageStatus s = escaped(r, e);
                if (e instanceof OutOfMemoryError oom) {
                    throw oom;
                }
                return s;
            }
        });
    }

    /** Stage 1 (CPU pool): spooled bytes to WebP. Ends the image here when the pipeline fails. */
    private Encoded encode(ImageRecord r) {
        long start = System.nanoTime();
        withMdc(r);
        try {
            byte[] source = queue.readSource(r.id());
            StageTimes times = new StageTimes();
            ProcessedImage out = pipeline.process(source, times);
            metrics.timer("greenvue.image.stage", "stage", "decode").record(times.decodeNanos, TimeUnit.NANOSECONDS);
            metrics.timer("greenvue.image.stage", "stage", "resize").record(times.resizeNanos, TimeUnit.NANOSECONDS);
            metrics.timer("greenvue.image.stage", "stage", "encode").record(times.encodeNanos, TimeUnit.NANOSECONDS);
            return new Encoded(out, start, null);
        } catch (PermanentProcessingException e) {
            return new Encoded(null, start, failed(r, e.getMessage(), true));
        } catch (IOException e) {
            return new Encoded(null, start, failed(r, "I/O error: " + e.getMessage(), false));
        } catch (RuntimeException e) {
            // an Error (OutOfMemoryError included) is not caught here: it ends the future, and
            // runBatch logs it with the image id and releases or fails the image (escaped)
            LOG.errorf(e, "Unexpected error while processing image %s", r.id());
            return new Encoded(null, start, failed(r, "unexpected error: " + e, false));
        } finally {
            clearMdc();
        }
    }

    /** Stage 2 (upload pool): store the WebP and record the outcome. */
    private ImageStatus publish(ImageRecord r, Encoded e) {
        withMdc(r);
        try {
            ProcessedImage out = e.image();
            long uploadStart = System.nanoTime();
            storage.put(r.fileName(), out.webp());
            long uploadedAt = System.nanoTime();
            metrics.timer("greenvue.image.stage", "stage", "upload").record(uploadedAt - uploadStart, TimeUnit.NANOSECONDS);
            queue.markProcessed(r, out.webp().length);
            metrics.counter("greenvue.images.processed").increment();
            metrics.timer("greenvue.image.time.to.url").record(Duration.between(r.createdAt(), Instant.now()));
            LOG.infof("[%s] image %s processed: %dx%d -> %dx%d WebP, %d -> %d bytes in %d ms (%s)", r.requestId(),
                    r.id(), r.width(), r.height(), out.width(), out.height(), r.originalBytes(), out.webp().length,
                    TimeUnit.NANOSECONDS.toMillis(uploadedAt - e.startNanos()), r.fileName());
            return ImageStatus.PROCESSED;
        } catch (StorageException ex) {
            return failed(r, "storage: " + ex.getMessage(), ex.isPermanent());
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "Unexpected error while publishing image %s", r.id());
            return failed(r, "unexpected error: " + ex, false);
        } finally {
            clearMdc();
        }
    }

    private ImageStatus failed(ImageRecord r, String error, boolean permanent) {
        ImageRecord after = queue.markAttemptFailed(r, error, permanent);
        if (after == null) {
            // gone, or this attempt outlived its lease and the image was reclaimed: nothing was recorded
            LOG.warnf("[%s] image %s: an attempt that outlived its lease failed (%s); the queue kept its newer state",
                    r.requestId(), r.id(), error);
            return ImageStatus.PROCESSING;
        }
        ImageStatus status = after.status();
        if (status == ImageStatus.FAILED) {
            metrics.counter("greenvue.images.failed", "permanent", String.valueOf(permanent)).increment();
            int attempts = after.attempts().size();
            LOG.errorf("[%s] image %s failed%s after %d attempt%s: %s", r.requestId(), r.id(),
                    permanent ? " permanently" : "", attempts, attempts == 1 ? "" : "s", error);
        } else {
            metrics.counter("greenvue.images.retried").increment();
            LOG.warnf("[%s] image %s attempt failed (retry %d, next at %s): %s", r.requestId(), r.id(),
                    after.retries(), after.nextAttemptAt(), error);
        }
        return status;
    }

    private static void withMdc(ImageRecord r) {
        MDC.put("request_id", r.requestId() == null ? "-" : r.requestId());
        MDC.put("image_id", r.id().toString());
    }

    private static void clearMdc() {
        MDC.remove("request_id");
        MDC.remove("image_id");
    }

    /** Shutdown has begun (readiness is DOWN for the delay): claim nothing new, finish what is in flight. */
    void stopClaiming(@Observes ShutdownDelayInitiatedEvent ev) {
        stopClaiming();
    }

    private void stopClaiming() {
        claimLock.writeLock().lock();
        try {
            draining = true;
        } finally {
            claimLock.writeLock().unlock();
        }
    }

    void shutdown(@Observes ShutdownEvent ev) {
        stopClaiming();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        pool.shutdown();
        try {
            boolean encoded = pool.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            uploads.shutdown();
            boolean published = uploads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!encoded || !published) {
                LOG.warnf("%d image(s) still in flight after %s; returning them to the queue", inFlight.size(),
                        config.shutdownTimeout());
                pool.shutdownNow();
                uploads.shutdownNow();
                inFlight.forEach(queue::release);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            uploads.shutdownNow();
            inFlight.forEach(queue::release);
        }
    }
}
