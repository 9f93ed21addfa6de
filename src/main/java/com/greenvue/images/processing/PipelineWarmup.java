package com.greenvue.images.processing;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the pipeline (decode, resize, encode) over small images it generates itself, JPEG baseline
 * and progressive and a PNG with alpha, on its own thread while the service starts, so the first
 * real photos do not pay for native library loading, class loading and interpreted pixel loops.
 * Readiness stays DOWN until it is done (health/WarmupReadinessCheck). It never fails the start:
 * whatever goes wrong is logged and the service becomes ready anyway. Never touches the queue.
 */
@ApplicationScoped
public class PipelineWarmup {

    private static final Logger LOG = Logger.getLogger(PipelineWarmup.class);
    /**
     * The warm-up's second target height: 640x480 to 360 high is a 0.75 resample, the filter loops
     * (Resizer.horizontal/vertical) a photo's last step runs; at the service's own 640 the
     * generated images would not be resized at all, and those loops would stay cold (measured: the
     * first pass after a start spent about 1 s more in the pipeline than a warm one).
     */
    static final int RESAMPLED_HEIGHT = 360;

    /** A unit of warm-up work, returning how many images it processed. */
    @FunctionalInterface
    public interface Work {
        int run() throws Exception;
    }

    @Inject
    ProcessingConfig config;
    /** The upload path's warm-up, after the pipeline's (readiness waits for both). */
    @Inject
    com.greenvue.images.upload.UploadWarmup uploads;
    @Inject
    MeterRegistry metrics;

    /** The warm-up started by {@link #startEarly()} from the main method, or null (tests, or turned off). */
    private static volatile java.util.concurrent.CompletableFuture<Integer> early;
    /** Set when Quarkus has started: the early warm-up finishes its round and stops repeating. */
    private static volatile boolean startupReached;
    /** How long the early warm-up itself took, -1 until it ended. */
    private static volatile long earlyMillis = -1;

    private volatile boolean done;
    private volatile String failure;
    private volatile int images;
    private volatile long warmupMillis = -1;
    private volatile long startToReadyMillis = -1;
    private volatile Instant startedAt;
    private long appStartedMillis = -1;
    private boolean reported;

    /** First of the start-up observers (the queue restore is priority 10), so the warm-up overlaps the rest of the start. */
    void onStart(@Observes @Priority(1) StartupEvent ev) {
        startupReached = true;
        java.util.concurrent.CompletableFuture<Integer> running = early;
        if (!config.warmup()) {
            LOG.info("Pipeline warm-up disabled (greenvue.processing.warmup=false)");
            finish(0, null, 0);
            return;
        }
        if (running != null) {
            // begun by the main method before Quarkus started: wait for it on our thread, not the start's
            start(() -> {
                int n = running.get(2, java.util.concurrent.TimeUnit.MINUTES);
                uploads.run();
                return n;
            });
            return;
        }
        start(() -> {
            int n = warmUp();
            uploads.run();
            return n;
        });
    }

    /**
     * From the main method, before Quarkus starts (no config yet: the defaults, or the environment
     * and system properties GREENVUE_PROCESSING_WARMUP / greenvue.processing.warmup and
     * ..._NATIVE_JPEG / ...native-jpeg). Repeats its images until Quarkus has started, at most 2
     * rounds (on a busy machine more rounds only take CPU from the start); the bean waits for it.
     * Never throws.
     */
    public static void startEarly() {
        try {
            if (!setting("greenvue.processing.warmup", true)) {
                return;
            }
            boolean nativeJpeg = setting("greenvue.processing.native-jpeg", true);
            // the warm-up loads the native libraries before Quarkus (and NativeLibraries' observer) runs:
            // point them at the data dir first, or they would land in /tmp for good
            NativeLibraries.unpackUnder(java.nio.file.Path.of(text("greenvue.processing.native-dir",
                    text("greenvue.data-dir", "./data") + "/native")));
            java.util.concurrent.CompletableFuture<Integer> f = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                long t0 = System.nanoTime();
                try {
                    WebpEncoder.Engine engine = WebpEncoder.preferred();
                    int n = warmUp(new ImagePipeline(RESAMPLED_HEIGHT, 80, 4, 50_000_000L, engine, nativeJpeg),
                            new ImagePipeline(120, 80, 4, 50_000_000L, engine, nativeJpeg), () -> startupReached, 2);
                    earlyMillis = (System.nanoTime() - t0) / 1_000_000;
                    f.complete(n);
                } catch (Throwable e) {
                    earlyMillis = (System.nanoTime() - t0) / 1_000_000;
                    f.completeExceptionally(e);
                }
            }, "pipeline-warmup-early");
            t.setDaemon(true);
            early = f;
            t.start();
        } catch (Throwable e) {
            early = null; // the bean warms up by itself later
        }
    }

    /** A setting from a system property or its environment variable form, or null (read before the config exists). */
    private static String raw(String key) {
        String v = System.getProperty(key);
        return v != null ? v : System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    private static String text(String key, String dflt) {
        String v = raw(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static boolean setting(String key, boolean dflt) {
        String v = raw(key);
        return v == null ? dflt : Boolean.parseBoolean(v.trim());
    }

    /** The last start-up observer: the rest of the start is done, so readiness now waits only on the warm-up. */
    void onStarted(@Observes @Priority(Integer.MAX_VALUE - 1) StartupEvent ev) {
        synchronized (this) {
            appStartedMillis = sinceJvmStart();
        }
        reportWhenReady();
    }

    /** Runs {@code work} on a daemon thread; readiness waits for it. Public for the tests. */
    public void start(Work work) {
        startedAt = Instant.now();
        Thread t = new Thread(() -> runNow(work), "pipeline-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code work} on the caller's thread; any failure is logged and recorded, never thrown. */
    public void runNow(Work work) {
        long t0 = System.nanoTime();
        int n = 0;
        String error = null;
        try {
            n = work.run();
        } catch (Throwable e) {
            // a start must never fail because of the warm-up: the first photos are only slower
            error = e.toString();
            LOG.warnf(e, "Pipeline warm-up failed (%s); the service starts anyway, the first images will be slower", error);
        }
        finish(n, error, (System.nanoTime() - t0) / 1_000_000);
    }

    private void finish(int n, String error, long millis) {
        images = n;
        failure = error;
        // begun from main: its own duration, not the bean's wait for it
        warmupMillis = early != null && earlyMillis >= 0 ? earlyMillis : millis;
        done = true;
        LOG.infof("Pipeline warm-up: %d images in %d ms%s", n, warmupMillis, error == null ? "" : ", FAILED: " + error);
        reportWhenReady();
    }

    /** Once both the start and the warm-up are over: logs and records the start-to-ready time, once. */
    private void reportWhenReady() {
        long readyAt;
        synchronized (this) {
            if (reported || !done || appStartedMillis < 0) {
                return;
            }
            reported = true;
            readyAt = sinceJvmStart();
            startToReadyMillis = readyAt;
        }
        if (metrics != null) { // null when constructed by hand (tests)
            try {
                metrics.gauge("greenvue.startup.ready.seconds", this, w -> w.startToReadyMillis / 1000.0);
                metrics.gauge("greenvue.startup.warmup.seconds", this, w -> w.warmupMillis / 1000.0);
            } catch (RuntimeException e) {
                LOG.debugf("startup gauges not registered: %s", e);
            }
        }
        LOG.infof("Ready to serve %d ms after JVM start (start-up done at %d ms, pipeline warm-up %d ms%s)", readyAt,
                appStartedMillis, warmupMillis, failure == null ? "" : ", warm-up FAILED");
    }

    /**
     * Each generated image through a pipeline that resamples it ({@link #RESAMPLED_HEIGHT}) and one
     * with a small target size, which takes the shrink-on-load and box-halving paths a large photo
     * takes; both with the service's quality, method and decoder settings; repeated
     * while the time budget lasts (at least once).
     */
    int warmUp() throws IOException, PermanentProcessingException {
        long deadline = System.nanoTime() + config.warmupTime().toNanos();
        // 640x480 to 120 high: JPEG shrink-on-load by 1/2, then one box halving, as a 12 MP photo to 640
        ImagePipeline small = new ImagePipeline(120, config.webpQuality(), config.webpMethod(), config.maxPixels(),
                WebpEncoder.preferred(), config.nativeJpeg());
        ImagePipeline resampled = new ImagePipeline(RESAMPLED_HEIGHT, config.webpQuality(), config.webpMethod(),
                config.maxPixels(), WebpEncoder.preferred(), config.nativeJpeg());
        return warmUp(resampled, small, () -> System.nanoTime() >= deadline, 20);
    }

    /** Rounds of the generated images through both pipelines: the first always, more until {@code enough} or {@code maxRounds}. */
    private static int warmUp(ImagePipeline full, ImagePipeline small, java.util.function.BooleanSupplier enough,
            int maxRounds) throws IOException, PermanentProcessingException {
        List<byte[]> sources = WarmupImages.all();
        int n = 0;
        for (int round = 0; round < maxRounds && (round == 0 || !enough.getAsBoolean()); round++) {
            for (byte[] s : sources) {
                small.process(s);
                full.process(s);
                n += 2;
            }
        }
        return n;
    }

    /** How long the upload path's warm-up took, -1 when it did not run. */
    public long uploadWarmupMillis() {
        return uploads == null ? -1 : uploads.millis();
    }

    public boolean isDone() {
        return done;
    }

    /** Why the warm-up failed, or null. */
    public String failure() {
        return failure;
    }

    public int images() {
        return images;
    }

    public long warmupMillis() {
        return warmupMillis;
    }

    /**
     * Milliseconds from JVM start to the moment both the start-up observers and the warm-up were done
     * (readiness can turn UP then), -1 before.
     */
    public long startToReadyMillis() {
        return startToReadyMillis;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** From JVM start (ms precision; the process start time the OS gives is only as precise as its boot time, 1 s). */
    private static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
