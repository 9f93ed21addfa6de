package com.greenvue.images.processing;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Where the bundled native code is unpacked: one folder, {@code greenvue.processing.native-dir}
 * ({@code <data-dir>/native}), instead of the temp folder. Left alone, scrimage puts a new copy of cwebp (4.7 MB) in /tmp on every
 * start that uses it and never removes it, and webp-imageio a new copy of its library per start.
 * Points each loader at that folder before anything loads (a {@code -D} already given wins); never
 * loads a library itself.
 */
@ApplicationScoped
public class NativeLibraries {

    /** JavaCPP (libjpeg-turbo through Leptonica): its unpack cache, reused across starts. */
    static final String JAVACPP_CACHE_DIR = "org.bytedeco.javacpp.cachedir";
    /** webp-imageio: where it copies its JNI library (one copy per process, removed on exit or at the next start). */
    static final String WEBP_IMAGEIO_DIR = "com.luciad.imageio.webp.tmpdir";
    /** scrimage-webp: a folder holding an executable {@code cwebp}; without it, a new copy goes to /tmp per start. */
    static final String SCRIMAGE_BINARY_DIR = "com.sksamuel.scrimage.webp.binary.dir";

    private static final Logger LOG = Logger.getLogger(NativeLibraries.class);

    @Inject
    ProcessingConfig config;

    /** Before every other startup step: the image job's first batch loads the libraries. */
    void at(@Observes @Priority(-100) StartupEvent ev) {
        unpackUnder(Path.of(config.nativeDir()));
    }

    /** Points the loaders at folders under {@code root}, each unless its property is set already. */
    static synchronized void unpackUnder(Path root) {
        for (String[] p : new String[][] {{JAVACPP_CACHE_DIR, "javacpp"}, {WEBP_IMAGEIO_DIR, "webp-imageio"},
                {SCRIMAGE_BINARY_DIR, "webp-bin"}}) {
            if (System.getProperty(p[0]) != null) {
                continue;
            }
            Path dir = root.resolve(p[1]).toAbsolutePath();
            try {
                Files.createDirectories(dir);
                if (p[0].equals(WEBP_IMAGEIO_DIR)) {
                    removeStaleWebpImageioCopies(dir);
                }
                System.setProperty(p[0], dir.toString());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Cannot use %s for native libraries (%s); %s keeps its default", dir, e.toString(), p[0]);
            }
        }
    }

    /**
     * webp-imageio deletes its copy at exit, and at load only copies whose lock file is gone; a
     * process killed with -9 leaves both, for good. Nothing has loaded it yet in this process, and
     * the folder is this data dir's: every copy in it is stale (a process still running one keeps
     * its mapping when the file is deleted).
     */
    private static void removeStaleWebpImageioCopies(Path dir) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "webp-imageio-*")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Puts scrimage's bundled {@code cwebp} into the binary folder once (same size: kept), so that
     * scrimage runs it from there rather than copying it to /tmp. Call before its first use; on
     * any failure scrimage's own behaviour stays.
     */
    static synchronized void installCwebp() {
        String dir = System.getProperty(SCRIMAGE_BINARY_DIR);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (dir == null || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return;
        }
        String resource = "/dist_webp_binaries/libwebp-1.4.0-linux-"
                + (arch.startsWith("aarch64") || arch.startsWith("arm") ? "aarch64" : "x86-64") + "/bin/cwebp";
        Path target = Path.of(dir, "cwebp");
        try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isExecutable(target) && Files.size(target) == bytes.length) {
                return;
            }
            Path tmp = Files.createTempFile(target.getParent(), "cwebp", ".part");
            try {
                Files.write(tmp, bytes);
                if (!tmp.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + tmp + " executable");
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot install cwebp into %s (%s); scrimage unpacks its own copy", dir, e.toString());
        }
    }
}
