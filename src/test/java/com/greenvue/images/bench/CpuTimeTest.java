package com.greenvue.images.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's per-thread-group CPU figures, read from this JVM's own /proc entries. */
class CpuTimeTest {

    @Test
    void theServicesThreadsFallIntoTheirGroups() {
        assertEquals("image worker", CpuTime.group("image-worker-1"));
        assertEquals("event loop", CpuTime.group("vert.x-eventloo")); // Linux keeps 15 characters
        assertEquals("HTTP workers", CpuTime.group("executor-thread"));
        assertEquals("storage uploads", CpuTime.group("image-upload-2"));
        assertEquals("JIT compiler", CpuTime.group("C1 CompilerThre"));
        assertEquals("JIT compiler", CpuTime.group("C2 CompilerThre"));
        assertEquals("GC", CpuTime.group("GC Thread#0"));
        assertEquals("GC", CpuTime.group("G1 Conc#0"));
        assertEquals("other", CpuTime.group("main"));
    }

    @Test
    void theGroupsOfALiveProcessAddUpToAtMostItsTotal() {
        long pid = ProcessHandle.current().pid();
        Map<String, Long> groups = CpuTime.byThreadGroup(pid);
        long total = CpuTime.ofProcess(pid);
        if (total < 0) {
            assertTrue(groups.isEmpty(), "no procfs: no groups either");
            return;
        }
        long sum = groups.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(groups.containsKey("other"), groups.toString());
        // live threads only (ended ones are in the total), read a moment later: a few ticks of slack
        assertTrue(sum <= CpuTime.ofProcess(pid) + 50, sum + " > " + total);
    }

    @Test
    void aDeltaListsEveryGroupInOrder() {
        Map<String, Long> d = CpuTime.delta(Map.of("GC", 10L, "image worker", 100L), Map.of("GC", 30L, "image worker", 250L,
                "event loop", 40L));
        assertEquals(CpuTime.GROUPS, List.copyOf(d.keySet()));
        assertEquals(150L, d.get("image worker"));
        assertEquals(40L, d.get("event loop"));
        assertEquals(20L, d.get("GC"));
        assertEquals(0L, d.get("other"));
    }

    @Test
    void theBenchPrintsFirstAgainstWarmPerGroupLeavingOutIdleGroups() {
        Map<String, Long> a = CpuTime.delta(Map.of(), Map.of("image worker", 1000L, "event loop", 380L));
        Map<String, Long> b = CpuTime.delta(Map.of(), Map.of("image worker", 940L, "event loop", 150L));
        String line = EndToEndBenchmark.byGroup(List.of(a, a, a), List.of(b, b, b));
        assertEquals("image worker 1000 / 940, event loop 380 / 150", line);
    }
}
