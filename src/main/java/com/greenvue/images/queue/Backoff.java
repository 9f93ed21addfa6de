package com.greenvue.images.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long a failed attempt waits before the next: exponential, capped, with full jitter. */
@ApplicationScoped
class Backoff {

    @Inject
    QueueConfig config;

    /** Uniform in [0, min(retry-max-delay, retry-base-delay * 2^(attempt-1))]. */
    Duration delay(int attempt) {
        long base = config.retryBaseDelay().toMillis();
        long cap = config.retryMaxDelay().toMillis();
        long ceiling = attempt >= 31 ? cap : Math.min(cap, base * (1L << Math.max(0, attempt - 1)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
