package com.greenvue.images;

import com.greenvue.images.processing.PipelineWarmup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: starts the pipeline warm-up on its own thread before Quarkus starts,
 * so it runs alongside the start instead of after it (readiness waits for it either way). Holds
 * no other logic; tests start Quarkus without it.
 *
 * <p>It also names JBoss LogManager as java.util.logging's manager before anything logs, as
 * Quarkus' own launcher does for {@code quarkus-app/quarkus-run.jar}: the one-jar build
 * ({@code uber-app/greenvue-images.jar}, which starts here directly) would otherwise log through
 * java.util.logging's defaults, ignoring every {@code quarkus.log.*} key.
 */
@QuarkusMain
public class GreenVueMain {

    static final String LOG_MANAGER = "org.jboss.logmanager.LogManager";

    public static void main(String... args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LOG_MANAGER);
        }
        PipelineWarmup.startEarly();
        Quarkus.run(args);
    }
}
