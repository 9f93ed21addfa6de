package com.greenvue.images.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The groups {@link #group} sorts the service's threads into, in the order the bench prints them. */
    static final List<String> GROUPS = List.of("image worker", "event loop", "HTTP workers", "storage uploads",
            "JIT compiler", "GC", "other");

    /**
     * User + system milliseconds of each live thread of process {@code pid} so far, summed by
     * {@link #group}; empty where there is no procfs. Threads that have ended are not counted.
     */
    static Map<String, Long> byThreadGroup(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                String s;
                try {
                    s = Files.readString(task.resolve("stat"));
                } catch (IOException | RuntimeException ended) {
                    continue; // the thread ended while we listed them
                }
                String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                long[] f = fields(task.resolve("stat"));
                if (f != null) {
                    out.merge(group(name), (f[11] + f[12]) * MS_PER_TICK, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** {@code after - before}, per group, in {@link #GROUPS}' order. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String g : GROUPS) {
            out.put(g, after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L));
        }
        return out;
    }

    /** The group of a service thread by its name as Linux shows it (at most 15 characters). */
    static String group(String threadName) {
        if (threadName.startsWith("image-worker")) {
            return "image worker";
        } else if (threadName.startsWith("vert.x-eventloo")) {
            return "event loop";
        } else if (threadName.startsWith("executor-thread")) {
            return "HTTP workers";
        } else if (threadName.startsWith("image-upload")) {
            return "storage uploads";
        } else if (threadName.contains("CompilerThre")) {
            return "JIT compiler";
        } else if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "GC";
        }
        return "other";
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
