package com.greenvue.images.startup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The AppCDS training run ({@link TrainingRun}); off except when the build makes the archive. */
@ConfigMapping(prefix = "greenvue.training-run")
public interface TrainingRunConfig {

    /**
     * When true, the service drives itself once through every common path (uploads, processing,
     * serving, health, metrics, OpenAPI, a refused upload) and then exits, so a JVM started with
     * {@code -XX:ArchiveClassesAtExit} archives every class a real start and the first photos
     * load. Only for the build (make build, Dockerfile.jvm); never set it on a serving instance.
     */
    @WithDefault("false")
    boolean enabled();
}
