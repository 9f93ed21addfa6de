package com.greenvue.images.jobs;

import com.greenvue.images.queue.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;

/**
 * What the registry does differently per {@code greenvue.queue.backend}: where a change is saved
 * first, how jobs are restored, whether other replicas change them too, who runs a tick.
 * {@link FileJobBackend} (one process, jobs.json) or {@link PostgresJobBackend} (the jobs table,
 * shared by every replica), chosen at startup by {@link Selection}.
 */
interface JobBackend {

    /** At start: installs the saved jobs in the table, or the default job when nothing was ever saved. */
    void restore();

    /** Brings the table in line with changes made elsewhere (other replicas); nothing with one process. */
    void refresh();

    /** Saves a created or replaced job before it takes effect here; returns its version. */
    long put(JobView job);

    /** Saves a pause or resume before it takes effect here; returns the job's version. */
    long setPaused(String id, boolean paused, Instant at);

    /** Saves a deletion before it takes effect here. */
    void delete(String id);

    /** After a change took effect in the table (under its lock). */
    void changed();

    /** After a run; {@code eventful} when it did work or failed (it then replaces last_run). */
    void recordRun(Job job, JobView.LastRun run, boolean eventful);

    /** Whether this replica runs this scheduled tick of the job. */
    boolean tickIsOurs(Job job);

    /** At shutdown, the jobs' schedules stopped: the last save. */
    void stop();

    /** Picks the backend {@code greenvue.queue.backend} names; the other one is never created. */
    @ApplicationScoped
    class Selection {

        @Produces
        @ApplicationScoped
        JobBackend backend(QueueConfig config, Instance<FileJobBackend> file, Instance<PostgresJobBackend> postgres) {
            return config.backend() == QueueConfig.Backend.POSTGRES ? postgres.get() : file.get();
        }
    }
}
