package com.greenvue.images.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.files.DurableFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The registry as one JSON file ({@code greenvue.jobs.file}), replaced atomically (temp file, fsync,
 * rename) so it is never torn: the truth with the file backend, the export written at shutdown with
 * the postgres backend.
 */
@ApplicationScoped
public class FileJobStore {

    private static final Logger LOG = Logger.getLogger(FileJobStore.class);

    @Inject
    JobsConfig config;
    @Inject
    ObjectMapper json;

    private Path file() {
        return Path.of(config.file());
    }

    /**
     * The saved jobs, or empty when nothing was ever saved. A damaged save is set aside (kept for
     * inspection) and reported as empty, so the service starts with defaults.
     */
    public Optional<List<JobView>> load() {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            List<JobView> jobs = json.readValue(file.toFile(), new TypeReference<List<JobView>>() { });
            if (jobs == null) {
                throw new IOException("file holds null");
            }
            return Optional.of(jobs);
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
            LOG.errorf("JOB REGISTRY %s IS UNREADABLE (%s). Moved it to %s for inspection and starting "
                    + "with the default jobs.", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.errorf("Could not move %s aside: %s", file, moveFailed.getMessage());
            }
            return Optional.empty();
        }
    }

    /**
     * Saves every job; a failure is logged, never thrown (the jobs run on). After shutdown began a
     * failure is expected (a run's thread interrupted by the shutdown) and the copy saved at shutdown stands.
     */
    public void save(List<JobView> jobs, boolean stopping) {
        try {
            DurableFiles.writeAtomically(file(), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(jobs), true);
        } catch (IOException e) {
            if (stopping) {
                LOG.infof("Job registry not saved again after shutdown began (%s); the copy saved at shutdown stands",
                        e.getClass().getSimpleName());
            } else {
                LOG.errorf("Could not save the job registry to %s: %s", config.file(), e.getMessage());
            }
        }
    }
}
