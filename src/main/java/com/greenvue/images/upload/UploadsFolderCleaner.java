package com.greenvue.images.upload;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At startup, removes multipart temp files left in the uploads folder by a process that died
 * mid-request: those requests were never answered 202, so nothing there is promised to anyone.
 * Runs before the HTTP server accepts requests; never touches the queue's spool.
 */
@ApplicationScoped
public class UploadsFolderCleaner {

    private static final Logger LOG = Logger.getLogger(UploadsFolderCleaner.class);

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDir;

    void clean(@Observes @Priority(5) StartupEvent ev) {
        Path dir = Path.of(uploadsDir);
        if (!Files.isDirectory(dir)) {
            return;
        }
        // only files from before this process started: a request already in flight keeps its file
        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toMillis() < startedAt
                        && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not clean the uploads folder %s: %s", dir, e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("Removed %d unfinished upload(s) left in %s by an earlier process", removed, dir);
        }
    }
}
