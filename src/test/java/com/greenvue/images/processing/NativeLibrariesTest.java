package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scrimage's cwebp is put into the binary folder once and reused, so scrimage never copies it to /tmp. */
class NativeLibrariesTest {

    @TempDir
    Path dir;

    @Test
    void cwebpIsInstalledOnceIntoTheBinaryFolderAndRuns() throws Exception {
        String before = System.getProperty(NativeLibraries.SCRIMAGE_BINARY_DIR);
        System.setProperty(NativeLibraries.SCRIMAGE_BINARY_DIR, dir.toString());
        try {
            NativeLibraries.installCwebp();
            Path cwebp = dir.resolve("cwebp");
            assertTrue(Files.isExecutable(cwebp), "installed: " + cwebp);
            Process p = new ProcessBuilder(cwebp.toString(), "-version").redirectErrorStream(true).start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));

            FileTime installed = FileTime.fromMillis(0);
            Files.setLastModifiedTime(cwebp, installed);
            NativeLibraries.installCwebp();
            assertEquals(installed, Files.getLastModifiedTime(cwebp), "the second call keeps the installed binary");
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "no partial copies left beside it");
            }
        } finally {
            if (before == null) {
                System.clearProperty(NativeLibraries.SCRIMAGE_BINARY_DIR);
            } else {
                System.setProperty(NativeLibraries.SCRIMAGE_BINARY_DIR, before);
            }
        }
    }
}
