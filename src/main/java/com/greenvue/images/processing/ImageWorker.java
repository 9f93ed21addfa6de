package com.greenvue.images.processing;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.queue.QueueConfig;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.StorageException;
import io.quarkus.runtime.ShutdownEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Takes batches of ready images from the queue and publishes them: read spooled bytes, run the
 * pipeline on a bounded pool (never on an HTTP thread), upload, record the outcome. Never claims
 * work once shutdown has begun; what is unfinished at shutdown goes back to the queue.
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

    private final String owner = ManagementFactory.getRuntimeMXBean().getName();
    private ExecutorService pool;
    private int concurrency;
    private volatile boolean draining;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        concurrency = Math.max(1, config.concurrency().orElse(Runtime.getRuntime().availableProcessors()));
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "image-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int concurrency() {
        return concurrency;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Processes up to {@code batchSize} ready images in parallel and waits for them. */
    public BatchOutcome runBatch(int batchSize) {
        if (draining) {
            return BatchOutcome.EMPTY;
        }
        List<ImageRecord> claimed = queue.claim(batchSize, owner);
        if (claimed.isEmpty()) {
            return BatchOutcome.EMPTY;
        }
        List<Future<ImageStatus>> futures = new ArrayList<>();
        for (ImageRecord r : claimed) {
            futures.add(pool.submit(() -> processOne(r)));
        }
        int processed = 0, retried = 0, failed = 0;
        // never wait past the lease: a hung image is reclaimed by the queue, the job moves on
        long deadline = System.nanoTime() + queueConfig.leaseDuration().toNanos();
        for (int i = 0; i < futures.size(); i++) {
            ImageStatus s;
            try {
                s = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s = ImageStatus.PROCESSING;
            } catch (TimeoutException e) {
                LOG.warnf("Image %s still in flight after its lease of %s; leaving it to lease recovery",
                        claimed.get(i).id(), queueConfig.leaseDuration());
                s = ImageStatus.PROCESSING;
            } catch (ExecutionException e) {
                s = ImageStatus.RETRY;
            }
            switch (s) {
                case PROCESSED -> processed++;
                case FAILED -> failed++;
                case RETRY -> retried++;
                default -> { }
            }
        }
        return new BatchOutcome(claimed.size(), processed, retried, failed);
    }

    /**
     * Processes one image now on the caller's thread (the debug endpoint's process_now). Returns
     * empty when a worker already holds it.
     */
    public Optional<ImageStatus> processNow(UUID id) {
        if (draining) {
            return Optional.empty();
        }
        return queue.claimOne(id, owner).map(this::processOne);
    }

    private ImageStatus processOne(ImageRecord r) {
        long start = System.nanoTime();
        inFlight.add(r.id());
        MDC.put("request_id", r.requestId() == null ? "-" : r.requestId());
        MDC.put("image_id", r.id().toString());
        try {
            byte[] source = queue.readSource(r.id());
            StageTimes times = new StageTimes();
            ProcessedImage out = pipeline.process(source, times);
            long processedAt = System.nanoTime();
            metrics.timer("greenvue.image.stage", "stage", "decode").record(times.decodeNanos, TimeUnit.NANOSECONDS);
            metrics.timer("greenvue.image.stage", "stage", "resize").record(times.resizeNanos, TimeUnit.NANOSECONDS);
            metrics.timer("greenvue.image.stage", "stage", "encode").record(times.encodeNanos, TimeUnit.NANOSECONDS);
            storage.put(r.fileName(), out.webp());
            long uploadedAt = System.nanoTime();
            metrics.timer("greenvue.image.stage", "stage", "upload").record(uploadedAt - processedAt, TimeUnit.NANOSECONDS);
            queue.markProcessed(r.id(), out.webp().length);
            metrics.counter("greenvue.images.processed").increment();
            metrics.timer("greenvue.image.time.to.url")
                    .record(Duration.between(r.createdAt(), java.time.Instant.now()));
            LOG.infof("[%s] image %s processed: %dx%d -> %dx%d WebP, %d -> %d bytes in %d ms (%s)", r.requestId(),
                    r.id(), r.width(), r.height(), out.width(), out.height(), r.originalBytes(), out.webp().length,
                    TimeUnit.NANOSECONDS.toMillis(uploadedAt - start), r.fileName());
            return ImageStatus.PROCESSED;
        } catch (PermanentProcessingException e) {
            return failed(r, e.getMessage(), true);
        } catch (StorageException e) {
            return failed(r, "storage: " + e.getMessage(), e.isPermanent());
        } catch (IOException e) {
            return failed(r, "I/O error: " + e.getMessage(), false);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.errorf(e, "Unexpected error while processing image %s", r.id());
            return failed(r, "unexpected error: " + e, false);
        } finally {
            inFlight.remove(r.id());
            MDC.remove("request_id");
            MDC.remove("image_id");
        }
    }

    private ImageStatus failed(ImageRecord r, String error, boolean permanent) {
        ImageRecord after = queue.markAttemptFailed(r.id(), error, permanent);
        ImageStatus status = after == null ? ImageStatus.FAILED : after.status();
        if (status == ImageStatus.FAILED) {
            metrics.counter("greenvue.images.failed", "permanent", String.valueOf(permanent)).increment();
            LOG.errorf("[%s] image %s failed%s after %d retries: %s", r.requestId(), r.id(),
                    permanent ? " permanently" : "", after == null ? 0 : after.retries(), error);
        } else {
            metrics.counter("greenvue.images.retried").increment();
            LOG.warnf("[%s] image %s attempt failed (retry %d, next at %s): %s", r.requestId(), r.id(),
                    after.retries(), after.nextAttemptAt(), error);
        }
        return status;
    }

    void shutdown(@Observes ShutdownEvent ev) {
        draining = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("Images still in flight after %s; returning them to the queue", config.shutdownTimeout());
                pool.shutdownNow();
                inFlight.forEach(queue::release);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
