package com.greenvue.images.health;

import com.greenvue.images.processing.PipelineWarmup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the pipeline warm-up (and after it the upload path's, upload/UploadWarmup) has run,
 * so the first photos a new pod gets are not processed by a cold JVM; UP afterwards even when the warm-up failed (that is reported, never fatal).
 * Reports the start-to-ready time. Never runs the warm-up itself.
 */
@Readiness
@ApplicationScoped
public class WarmupReadinessCheck implements HealthCheck {

    static final String NAME = "pipeline-warmup";

    private final PipelineWarmup warmup;

    @Inject
    public WarmupReadinessCheck(PipelineWarmup warmup) {
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        if (!warmup.isDone()) {
            return b.down().withData("done", false).build();
        }
        b.up().withData("done", true)
                .withData("images", warmup.images())
                .withData("warmup_ms", warmup.warmupMillis())
                .withData("upload_warmup_ms", warmup.uploadWarmupMillis())
                .withData("start_to_ready_ms", warmup.startToReadyMillis());
        if (warmup.failure() != null) {
            b.withData("failed", warmup.failure());
        }
        return b.build();
    }
}
