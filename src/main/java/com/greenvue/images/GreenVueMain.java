package com.greenvue.images;

import com.greenvue.images.processing.PipelineWarmup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: starts the pipeline warm-up on its own thread before Quarkus starts,
 * so it runs alongside the start instead of after it (readiness waits for it either way). Holds
 * no other logic; tests start Quarkus without it.
 */
@QuarkusMain
public class GreenVueMain {

    public static void main(String... args) {
        PipelineWarmup.startEarly();
        Quarkus.run(args);
    }
}
