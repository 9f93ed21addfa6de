package com.greenvue.images.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where the job registry is saved. Another backend implements this and nothing else changes. */
public interface JobStore {

    /**
     * The saved jobs, or empty when nothing was ever saved. A damaged save is set aside (kept for
     * inspection) and reported as empty, so the service starts with defaults.
     */
    Optional<List<JobView>> load();

    void save(List<JobView> jobs) throws IOException;
}
