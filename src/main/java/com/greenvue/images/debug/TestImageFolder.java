package com.greenvue.images.debug;

import com.greenvue.images.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one folder the debug endpoint may read: resolves a requested path (relative or absolute,
 * '..' and symlinks followed) and refuses anything that ends up outside it. Never hands out the
 * operator's file itself, only a copy.
 */
@ApplicationScoped
public class TestImageFolder {

    @Inject
    DebugConfig config;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDir;

    Path resolve(String requested) {
        Path root;
        try {
            root = Path.of(config.imagesDir()).toRealPath();
        } catch (IOException e) {
            throw new ApiException(404, "test_image_folder_missing", "The test image folder "
                    + config.imagesDir() + " does not exist (set greenvue.debug.images-dir).");
        }
        Path candidate;
        try {
            candidate = root.resolve(requested).normalize();
        } catch (InvalidPathException e) {
            // a NUL character, or characters the file system's encoding cannot represent
            throw new ApiException(400, "invalid_image_path", "image_path is not a valid file path on this server ("
                    + e.getReason() + ").", Map.of("field", "image_path"));
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            if (!candidate.startsWith(root)) {
                throw outside(requested);
            }
            throw new ApiException(404, "test_image_not_found", "No file '" + requested + "' in the test image folder.",
                    Map.of("field", "image_path"));
        } catch (IOException e) {
            throw new ApiException(404, "test_image_not_found", "Cannot read '" + requested + "'.",
                    Map.of("field", "image_path"));
        }
        if (!real.startsWith(root)) {
            throw outside(requested);
        }
        if (!Files.isRegularFile(real)) {
            throw new ApiException(404, "test_image_not_found", "'" + requested + "' is not a file.",
                    Map.of("field", "image_path"));
        }
        return real;
    }

    /** A private copy beside the spool, so intake can move it without touching the operator's file. */
    Path copyForIntake(Path source) throws IOException {
        Path dir = Files.createDirectories(Path.of(uploadsDir));
        Path copy = Files.createTempFile(dir, "debug-", ".img");
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private static ApiException outside(String requested) {
        return new ApiException(403, "path_outside_test_images", "'" + requested
                + "' resolves outside the allowed test image folder.", Map.of("field", "image_path"));
    }
}
