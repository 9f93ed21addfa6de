package com.greenvue.images.queue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two small size-limited tmpfs volumes, one for the framework's uploads folder and one for the
 * queue (spool and records), so a test can fill either to the last byte. Mounted before the
 * service starts, unmounted after it stopped. When mounting is impossible (not root, no
 * CAP_SYS_ADMIN) nothing is overridden and {@link #mounted} tells the test to skip.
 */
public class SmallDiskResource implements QuarkusTestResourceLifecycleManager {

    static final String SIZE = "8m";

    private final List<Path> mounts = new java.util.ArrayList<>();
    private Path root;

    @Override
    public Map<String, String> start() {
        root = Path.of("target", "test-data", "small-disk-" + UUID.randomUUID()).toAbsolutePath();
        Map<String, String> config = new HashMap<>();
        // a maximum-size upload is 2 MB (+ 1 MB of record headroom): an empty 8 MB volume has room
        config.put("quarkus.http.limits.max-body-size", "2M");
        config.put("greenvue.upload.max-file-bytes", "1048576");
        config.put("greenvue.queue.retry-after", "7s");
        try {
            Path uploads = mount(root.resolve("uploads"));
            Path queue = mount(root.resolve("queue"));
            config.put("quarkus.http.body.uploads-directory", uploads.toString());
            config.put("greenvue.queue.dir", queue.toString());
        } catch (IOException e) {
            System.err.println("SmallDiskResource: cannot mount a tmpfs (" + e.getMessage() + "); the disk-full test is skipped");
        }
        return config;
    }

    private Path mount(Path dir) throws IOException {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", dir.toString());
        mounts.add(dir);
        return dir;
    }

    /** Whether {@code dir} is on one of this resource's tmpfs volumes (the test's check, across class loaders). */
    static boolean mounted(Path dir) {
        try {
            return "tmpfs".equals(Files.getFileStore(dir).type()) && dir.toAbsolutePath().toString().contains("small-disk-");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        for (Path dir : mounts) {
            try {
                run("umount", "-l", dir.toString());
            } catch (IOException e) {
                System.err.println("SmallDiskResource: could not unmount " + dir + ": " + e.getMessage());
            }
        }
    }

    private static void run(String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.trim());
        }
    }
}
