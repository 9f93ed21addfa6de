package com.greenvue.images.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Waits until this JVM's own JIT compilers have been idle for a while, so that the bench's client
 * does not compile on one of the two cores while a measured service starts or makes its first pass.
 * Never waits more than {@link #MAX_MS}.
 */
final class JitSettle {

    static final long QUIET_MS = 500;
    static final long MAX_MS = 15_000;

    private JitSettle() {
    }

    /** Returns the milliseconds waited. */
    static long await() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long t0 = System.nanoTime();
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while ((System.nanoTime() - t0) / 1_000_000 < MAX_MS) {
            Thread.sleep(50);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if ((System.nanoTime() - quietSince) / 1_000_000 >= QUIET_MS) {
                break;
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
