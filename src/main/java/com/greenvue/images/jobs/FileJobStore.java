package com.greenvue.images.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The registry as one JSON file, replaced atomically (temp file, fsync, rename) so it is never torn. */
public class FileJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(FileJobStore.class);

    private final Path file;
    private final ObjectMapper json;

    public FileJobStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    @Override
    public Optional<List<JobView>> load() {
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

    @Override
    public void save(List<JobView> jobs) throws IOException {
        DurableFiles.writeAtomically(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(jobs), true);
    }
}
