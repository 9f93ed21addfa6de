package com.greenvue.images.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate OS process on a
 * data directory of the test's choosing, so tests can kill -9 it, SIGTERM it and start it again.
 * Talks only to localhost.
 */
final class ServiceProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** The one-jar build (pom.xml, execution uber-jar) that make build's archive and the JVM image use. */
    static final Path UBER_JAR = Path.of("target", "uber-app", "greenvue-images.jar");

    final Path dataDir;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> env;
    private final List<String> jvmArgs = new ArrayList<>();
    private Process process;
    private final Path log;

    private final Path jar;

    ServiceProcess(Path dataDir, Map<String, String> extraEnv) throws IOException {
        this(dataDir, extraEnv, JAR);
    }

    /** As {@link #ServiceProcess(Path, Map)}, started from {@code jar} ({@link #JAR} or {@link #UBER_JAR}). */
    ServiceProcess(Path dataDir, Map<String, String> extraEnv, Path jar) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'make test' (./mvnw verify), which packages first");
        }
        this.jar = jar;
        this.dataDir = Files.createDirectories(dataDir);
        this.port = freePort();
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.env = new HashMap<>(extraEnv);
    }

    /** Starts the service expecting it to stop on its own (a startup failure); returns its exit code. */
    int runUntilExit(Duration limit) throws IOException, InterruptedException {
        launch();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service still running after " + limit + "; see " + log);
        }
        return process.exitValue();
    }

    /** Extra JVM flags for the next launch (e.g. an AppCDS archive). */
    ServiceProcess jvmArgs(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    ServiceProcess start() throws IOException {
        launch();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return get("/q/health/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    private void launch() throws IOException {
        // the C1 compiler only, as the JVM image runs (Dockerfile.jvm, README "Issue 14, round 3")
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("GREENVUE_DATA_DIR", dataDir.toAbsolutePath().toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("GREENVUE_STORAGE_LOCAL_PUBLIC_BASE_URL", "http://localhost:" + port);
        pb.environment().put("GREENVUE_JOBS_OPEN_WITHOUT_TOKEN", "true");
        pb.environment().put("QUARKUS_SHUTDOWN_DELAY", "0s");
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** kill -9: no shutdown hook, no snapshot, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGSTOP: the process keeps its sockets, its open transactions and its leases, but runs
     * nothing until {@link #resume()} or {@link #kill()}.
     */
    void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM, as Kubernetes sends it; returns how long the process took to exit. */
    Duration terminate(Duration limit) throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service did not stop within " + limit + " of SIGTERM; see " + log);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
