package com.greenvue.images.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's /proc, for figures that a busy machine skews less than wall time: a
 * process's own user+system time over all its threads (the service: workers, HTTP, JIT, GC), and
 * the time of this JVM's children that have ended and been waited for (each vipsthumbnail run).
 * Clock ticks are 1/100 s (USER_HZ on Linux). -1 where there is no procfs.
 */
final class CpuTime {

    private static final long MS_PER_TICK = 10;

    private CpuTime() {
    }

    /** User + system milliseconds of process {@code pid} so far, all threads. */
    static long ofProcess(long pid) {
        long[] f = fields(Path.of("/proc", String.valueOf(pid), "stat"));
        return f == null ? -1 : (f[11] + f[12]) * MS_PER_TICK;
    }

    /** User + system milliseconds of this JVM so far, all its threads (not its children). */
    static long ofSelf() {
        return ofProcess(ProcessHandle.current().pid());
    }

    /** User + system milliseconds of this JVM's children that ended and were waited for. */
    static long ofEndedChildren() {
        long[] f = fields(Path.of("/proc", "self", "stat"));
        return f == null ? -1 : (f[13] + f[14]) * MS_PER_TICK;
    }

    /** The fields after the command name: f[i] is stat field i + 3 (f[11] utime, f[12] stime, f[13] cutime, f[14] cstime). */
    private static long[] fields(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] parts = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // only up to cstime: later fields (rsslim) can exceed a long
            long[] out = new long[15];
            for (int i = 1; i < out.length; i++) {
                out[i] = Long.parseLong(parts[i].trim());
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
