package com.greenvue.images.health;

import com.greenvue.images.storage.StorageConfig;
import com.greenvue.images.storage.StorageException;
import com.greenvue.images.storage.SupabaseStorage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the image storage: with the supabase backend, whether the bucket answers
 * {@code GET /bucket/{id}}. Answers from a cached result refreshed in the background at most once
 * per {@code health-interval} (the first one starts with the service); a probe never waits on the
 * storage server (DOWN "first bucket check still running" until there is a result), and never
 * starts a second check while one is running.
 */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {

    static final String NAME = "storage";

    @Inject
    StorageConfig config;
    @Inject
    Instance<SupabaseStorage> supabase;

    private final AtomicReference<Result> last = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Result>> running = new AtomicReference<>();
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "storage-readiness");
        t.setDaemon(true);
        return t;
    });

    /** One bucket check's outcome; {@code permanent} failures will not pass by waiting. */
    private record Result(Instant at, boolean up, Boolean isPublic, String error, boolean permanent) {
    }

    /** Start of the current run of failed checks; null while storage answers. */
    private volatile Instant unreachableSince;

    @Override
    public HealthCheckResponse call() {
        if (config.backend() == StorageConfig.Backend.LOCAL) {
            return HealthCheckResponse.named(NAME).up()
                    .withData("backend", "local")
                    .withData("bucket", config.bucket())
                    .build();
        }
        SupabaseStorage storage = supabase.get();
        Result result = last.get();
        if (result == null || isStale(result, storage.healthInterval())) {
            // in the background: a probe answers from what is known and never waits on storage
            refresh(storage);
        }
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .withData("backend", "supabase")
                .withData("bucket", storage.bucket());
        if (result == null) {
            return b.down().withData("error", "first bucket check still running").build();
        }
        b.withData("checked_at", result.at().toString());
        if (result.isPublic() != null) {
            b.withData("public", result.isPublic());
        }
        if (result.up()) {
            return b.up().build();
        }
        b.withData("error", result.error());
        if (result.permanent()) {
            return b.down().build();
        }
        Instant since = unreachableSince;
        Duration threshold = config.supabase().unreachableAfter();
        b.withData("unreachable_since", String.valueOf(since)).withData("unreachable_after", threshold.toString());
        // a short outage keeps the pod in service: uploads are queued and retried anyway
        return since != null && !since.plus(threshold).isAfter(Instant.now()) ? b.down().build() : b.up().build();
    }

    private static boolean isStale(Result r, Duration interval) {
        return r.at().plus(interval).isBefore(Instant.now());
    }

    /** Starts a background check unless one is running; returns the one that will answer. */
    private CompletableFuture<Result> refresh(SupabaseStorage storage) {
        CompletableFuture<Result> current = running.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Result> next = new CompletableFuture<>();
        if (!running.compareAndSet(current, next)) {
            return running.get();
        }
        try {
            checker.execute(() -> {
                Result r;
                try {
                    SupabaseStorage.BucketInfo info = storage.checkBucket(true);
                    r = new Result(Instant.now(), true, info.isPublic(), null, false);
                } catch (StorageException e) {
                    r = new Result(Instant.now(), false, null, e.getMessage(), e.isPermanent());
                } catch (RuntimeException e) {
                    r = new Result(Instant.now(), false, null, "bucket check failed: " + e.getClass().getSimpleName(),
                            false);
                }
                if (r.up()) {
                    unreachableSince = null;
                } else if (unreachableSince == null) {
                    unreachableSince = r.at();
                }
                last.set(r);
                next.complete(r);
            });
        } catch (RuntimeException e) {
            next.complete(new Result(Instant.now(), false, null, "bucket check could not start", false));
        }
        return next;
    }

    /** The first bucket check starts with the service, so the first probes usually have a result. */
    void start(@Observes StartupEvent ev) {
        if (config.backend() == StorageConfig.Backend.SUPABASE) {
            refresh(supabase.get());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        checker.shutdownNow();
    }
}
