package com.greenvue.images.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "1m30s,90000", "2h,7200000", "1.5s,1500", "1h2m3s4ms,3723004",
        "300ms,300", "0s,0", "1000us,1", ".5s,500"})
    void parsesGoDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5s", "10", "10 s", "s", "1d", "", " ", "5s ", "PT10S", "1m30"})
    void rejectsAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"500,500ms", "10000,10s", "90000,1m30s", "7200000,2h0m0s", "1500,1.5s"})
    void formatsLikeGo(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }
}
