package com.greenvue.images.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged service (target/uber-app/greenvue-images.jar, as the JVM image runs it) as a child process for the load
 * benchmark: default heap, a random localhost port, a fresh data dir under target/ that
 * {@link #close()} stops and deletes. Never talks to anything but localhost and never outlives
 * the benchmark JVM on purpose (close() and a shutdown hook both stop it).
 */
final class BenchService implements AutoCloseable {

    /** The one-jar build the JVM image runs (pom.xml, execution uber-jar). */
    static final Path JAR = Path.of("target", "uber-app", "greenvue-images.jar");
    /** Written by {@code make build} / {@code make bench-load} (Maven profile appcds, the training run). */
    static final Path APPCDS = Path.of("target", "uber-app", "app-cds.jsa");
    /** Quarkus' default build, under its own class loader: how the service started before issue 14. */
    static final Path FAST_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    /** Whether the child runs with the AppCDS archive when there is one ({@code -Dbench.appcds=false} turns it off). */
    static boolean useAppCds() {
        return archiveIsCurrent() && !"false".equals(System.getProperty("bench.appcds"));
    }

    /**
     * Whether there is an archive made from the jar as it is now: a package without the appcds
     * profile writes a new jar and leaves the old archive, which the JVM would then refuse.
     */
    static boolean archiveIsCurrent() {
        try {
            return Files.exists(APPCDS) && Files.exists(JAR)
                    && !Files.getLastModifiedTime(APPCDS).toInstant().isBefore(Files.getLastModifiedTime(JAR).toInstant());
        } catch (IOException e) {
            return false;
        }
    }

    final Path dataDir;
    final Path log;
    final int port;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Process process;
    private final Thread hook;
    /** From the child's launch to the first 200 from /q/health/ready, as seen by a 10 ms poll. */
    long startToReadyNanos;

    private BenchService(Path dataDir, Path log, int port, Process process) {
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.process = process;
        this.hook = new Thread(process::destroyForcibly, "bench-service-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts the jar on a fresh data dir {@code dir/data} and waits (at most 90 s) until it is ready. */
    static BenchService start(Path dir) throws IOException, InterruptedException {
        return start(dir, java.util.Map.of());
    }

    /** As {@link #start(Path)}, with extra environment variables for the child (e.g. GREENVUE_PROCESSING_CONCURRENCY). */
    static BenchService start(Path dir, java.util.Map<String, String> env) throws IOException, InterruptedException {
        return start(dir, env, useAppCds());
    }

    /** As {@link #start(Path, java.util.Map)}; {@code appCds} false starts it without the archive even when there is one. */
    static BenchService start(Path dir, java.util.Map<String, String> env, boolean appCds)
            throws IOException, InterruptedException {
        return start(dir, env, appCds, JAR);
    }

    /**
     * The service as it started before issue 14: Quarkus' default build ({@link #FAST_JAR}, its own
     * class loader), no AppCDS archive; {@code env} turns the warm-up off.
     */
    static BenchService startAsBeforeIssue14(Path dir, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        return start(dir, env, false, FAST_JAR);
    }

    private static BenchService start(Path dir, java.util.Map<String, String> env, boolean appCds, Path jar)
            throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -q package -DskipTests; "
                    + "make bench-load does this)");
        }
        deleteTree(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("service.log");
        int port = freePort();
        // the JVM flags of src/main/docker/Dockerfile.jvm (JAVA_OPTS_APPEND), with the heap bounds the
        // image gets under the manifests' 1Gi memory limit (MaxRAMPercentage=50: 512 MB;
        // InitialRAMPercentage=12.5: 128 MB)
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xms128m"));
        cmd.addAll(JVM_FLAGS);
        // BENCH_JAVA_OPTS: extra JVM flags for an experiment (e.g. -XX:NativeMemoryTracking=summary)
        String extra = System.getenv("BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (appCds && archiveIsCurrent()) {
            // AppCDS wants the jar by the same relative path as when the archive was dumped, from its folder
            cmd.add("-XX:SharedArchiveFile=" + APPCDS.getFileName());
        }
        cmd.addAll(List.of("-jar", jar.getFileName().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(jar.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toAbsolutePath().toFile()));
        pb.environment().put("GREENVUE_DATA_DIR", data.toAbsolutePath().toString());
        pb.environment().putAll(MALLOC_ENV);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("GREENVUE_STORAGE_LOCAL_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        pb.environment().put("GREENVUE_STORAGE_BACKEND", "local");
        pb.environment().put("GREENVUE_JOBS_OPEN_WITHOUT_TOKEN", "true");
        pb.environment().put("QUARKUS_SHUTDOWN_DELAY", "0s");
        pb.environment().putAll(env);
        long launched = System.nanoTime();
        BenchService s = new BenchService(data, log, port, pb.start());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                if (!s.process.isAlive()) {
                    throw new IllegalStateException("service exited with " + s.process.exitValue() + "; see " + log);
                }
                try {
                    if (s.readyStatus() == 200) {
                        s.startToReadyNanos = System.nanoTime() - launched;
                        return s;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("service not ready within 90 s; see " + log);
                }
                Thread.sleep(10);
            }
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
    }

    /** The service's own log line for its start-to-ready time, or null when it has none (yet). */
    String reportedStartToReady() {
        try {
            for (String line : Files.readAllLines(log)) {
                int i = line.indexOf("Ready to serve ");
                if (i >= 0) {
                    return line.substring(i).trim();
                }
            }
        } catch (IOException e) {
            // no log
        }
        return null;
    }

    long pid() {
        return process.pid();
    }

    /** A kB figure (VmRSS, VmHWM) from the child's /proc/PID/status, -1 where there is no procfs. */
    /**
     * The production JVM flags, as in src/main/docker/Dockerfile.jvm (keep the two the same; see README,
     * "Memory"): periodic G1 collections when idle, a committed heap that is resident as soon as it is
     * committed (AlwaysPreTouch: RSS = committed heap, not "whatever pages happened to be touched"),
     * and glibc's free malloc memory handed back to the OS every 10 s; the C1 compiler only
     * (TieredStopAtLevel=1: on two cores C2's compiling cost more than its faster code gave back
     * in a service's first minutes, README "Issue 14, round 3"), with one compiler thread (the start
     * compiles on one core, not both, README "Issue 14, round 9"). G1's own heap free ratios:
     * 30/10 shrank and regrew the heap around every photo (+28 % pipeline time, README "Performance").
     */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:G1PeriodicGCInterval=10000", "-XX:-G1PeriodicGCInvokesConcurrent",
            "-XX:+AlwaysPreTouch",
            "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=10000");

    /**
     * glibc malloc's settings, as in Dockerfile.jvm: one arena for all threads, no mmap for large
     * buffers and a 256 MB trim threshold, so a photo's large native buffers are reused by the next
     * one (on any thread) instead of mapped and faulted in afresh; the JVM's TrimNativeHeapInterval
     * hands free memory back when quiet.
     */
    static final java.util.Map<String, String> MALLOC_ENV = java.util.Map.of("MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_MAX_", "0", "MALLOC_TRIM_THRESHOLD_", "268435456");

    long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private TripClient tripClient;

    /** This service's {@link TripClient} for {@code images} (built on first use; the same images every call). */
    TripClient tripClient(byte[][] images, String[] names, String title) {
        if (tripClient == null) {
            tripClient = new TripClient(port, images, names, title);
        }
        return tripClient;
    }

    /**
     * GET /q/health/ready through the JDK's HttpURLConnection, the class {@link TripClient} uses and
     * {@link TripClient#warmUp} has warmed (no TripClient exists before the service is up, so this is its own
     * few lines): polling every 10 ms through {@link #http} had the bench JVM's JIT (C2 included) compiling
     * java.net.http while the service started and during its first pass (380 ms of the bench's C2 thread
     * in one first pass), on the two cores the service runs on.
     */
    int readyStatus() throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(
                "http://127.0.0.1:" + port + "/q/health/ready").openConnection();
        c.setConnectTimeout(1_000);
        c.setReadTimeout(10_000);
        int status = c.getResponseCode();
        java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in != null) {
            try (in) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return status;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Images waiting or in flight, from the Prometheus gauges; -1 when unreadable. */
    long backlog() {
        try {
            long n = 0;
            for (String line : get("/q/metrics").body().split("\n")) {
                if (line.startsWith("greenvue_queue_depth{") && !line.contains("\"processed\"")
                        && !line.contains("\"failed\"")) {
                    n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Images waiting or in flight from the readiness data (pending + retry + processing): much
     * cheaper for the service to answer than rendering /q/metrics; -1 when unreadable.
     */
    long backlogFromHealth() {
        try {
            String body = get("/q/health/ready").body();
            long n = 0;
            for (String key : new String[] {"pending", "retry", "processing"}) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":\\s*(\\d+)").matcher(body);
                if (!m.find()) {
                    return -1;
                }
                n += Long.parseLong(m.group(1));
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until nothing is waiting or in flight, at most {@code limit}; returns whether it drained. */
    boolean awaitDrained(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (backlog() == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** SIGTERM (at most 30 s), then kill -9; deletes the data dir and keeps only the log. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
            try {
                deleteTree(dataDir);
            } catch (IOException | UncheckedIOException e) {
                System.out.println("could not delete " + dataDir + ": " + e.getMessage());
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
