package com.greenvue.images.queue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The retry delay grows: drawn uniformly from [0, ceiling], the ceiling doubling per attempt from
 * retry-base-delay (100ms in tests) and capped at retry-max-delay (400ms in tests).
 */
@QuarkusTest
class RetryBackoffTest {

    private static final int SAMPLES = 2000;

    @Inject
    Backoff backoff;

    @Test
    void theCeilingDoublesPerAttemptUpToRetryMaxDelay() {
        long[] ceilings = {100, 200, 400, 400, 400};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            LongSummaryStatistics ms = sample(attempt);
            long ceiling = ceilings[attempt - 1];
            assertTrue(ms.getMin() >= 0, "attempt " + attempt + ": " + ms);
            assertTrue(ms.getMax() <= ceiling, "attempt " + attempt + " above its ceiling " + ceiling + "ms: " + ms);
            // uniform over [0, ceiling]: 2000 draws reach the top tenth and average near the middle
            assertTrue(ms.getMax() >= ceiling * 9 / 10, "attempt " + attempt + " never near " + ceiling + "ms: " + ms);
            assertTrue(Math.abs(ms.getAverage() - ceiling / 2.0) < ceiling * 0.1,
                    "attempt " + attempt + " is not full jitter over [0, " + ceiling + "ms]: " + ms);
        }
    }

    @Test
    void aVeryLateAttemptStaysAtRetryMaxDelay() {
        for (int attempt : new int[] {30, 31, 62, Integer.MAX_VALUE}) {
            LongSummaryStatistics ms = sample(attempt);
            assertTrue(ms.getMin() >= 0 && ms.getMax() <= 400, "attempt " + attempt + ": " + ms);
        }
    }

    private LongSummaryStatistics sample(int attempt) {
        return IntStream.range(0, SAMPLES).mapToLong(i -> backoff.delay(attempt).toMillis()).summaryStatistics();
    }
}
